import type { KeenSettings } from '../../schemas/generated/types.js';

/** A JSON object as it arrives in a Segment message. */
export type JsonObject = Record<string, unknown>;

/** The Segment call types that the collection API accepts. */
export const MESSAGE_TYPES = ['track', 'page', 'screen', 'identify', 'group', 'alias'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/**
 * One Segment message as the collection API receives it. Only the fields that the Keen
 * destination reads are typed; everything else is carried along and never sent.
 */
export interface SegmentMessage {
  type: MessageType;
  messageId?: unknown;
  userId?: unknown;
  anonymousId?: unknown;
  event?: unknown;
  name?: unknown;
  category?: unknown;
  properties?: unknown;
  traits?: unknown;
  context?: unknown;
  integrations?: unknown;
  timestamp?: unknown;
  channel?: unknown;
  _metadata?: unknown;
  [field: string]: unknown;
}

/**
 * Destination settings as the configuration hook stores them. They are handed over unchanged,
 * so the required ones may be missing or empty, and the destination refuses messages then.
 */
export type CloudSettings = Partial<KeenSettings>;

/** Narrows a value to a plain JSON object: not null, not an array, not a Date. */
export function isJsonObject(value: unknown): value is JsonObject {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
  );
}

/** Returns the object under `key` of `parent`, or undefined when it is absent or not an object. */
export function objectField(parent: unknown, key: string): JsonObject | undefined {
  if (!isJsonObject(parent)) return undefined;
  const value = parent[key];
  return isJsonObject(value) ? value : undefined;
}
