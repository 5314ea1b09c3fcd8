import { randomBytes } from 'node:crypto';

import { runAddons, type AddonOptions } from './addons/run.js';
import type { AddonDeclaration } from './addons/declaration.js';
import { isJsonObject } from './decode.js';

const IP_PLACEHOLDER = '${keen.ip}';
const USER_AGENT_PLACEHOLDER = '${keen.user_agent}';

/** Server-side facts about the request that carried an event. */
export interface RequestContext {
  /** Receive time of the request, ISO 8601 with milliseconds and `Z`. */
  createdAt: string;
  clientIp: string;
  userAgent: string | null;
  addonOptions: AddonOptions;
}

/** Process-unique prefix of `keen.id`, so ids from two mocks in one process still differ. */
const ID_PREFIX = randomBytes(7).toString('hex');
let idCounter = 0;

/** Take the number of the next `keen.id`; `formatKeenId` turns it into the id. */
export function nextKeenIdNumber(): number {
  idCounter = (idCounter + 1) % 0x10000000000;
  return idCounter;
}

/** Format a `keen.id`: 24 lowercase hexadecimal characters, unique within the process. */
export function formatKeenId(idNumber: number): string {
  return ID_PREFIX + idNumber.toString(16).padStart(10, '0');
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}

/** Deep-copy a JSON value, replacing strings equal to a placeholder at any depth. */
function copyWithPlaceholders(value: unknown, context: RequestContext): unknown {
  if (typeof value === 'string') {
    if (value === IP_PLACEHOLDER) return context.clientIp;
    if (value === USER_AGENT_PLACEHOLDER) return context.userAgent;
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((item) => copyWithPlaceholders(item, context));
  }
  if (isJsonObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const key in value) setOwn(copy, key, copyWithPlaceholders(value[key], context));
    return copy;
  }
  return value;
}

/**
 * Build the event as Keen stores it from a validated event: placeholders replaced, the server-side
 * `keen` fields set and `keen.addons` removed, then add-ons run (they may read `keen.timestamp`).
 */
export function buildStoredEvent(
  event: Record<string, unknown>,
  context: RequestContext,
  keenId: string = formatKeenId(nextKeenIdNumber()),
): Record<string, unknown> {
  const stored = copyWithPlaceholders(event, context) as Record<string, unknown>;
  const clientKeen = isJsonObject(stored.keen) ? stored.keen : {};
  const { addons, created_at: _createdAt, id: _id, timestamp, ...kept } = clientKeen;

  stored.keen = {
    ...kept,
    timestamp: typeof timestamp === 'string' ? timestamp : context.createdAt,
    created_at: context.createdAt,
    id: keenId,
  };
  if (Array.isArray(addons)) {
    runAddons(stored, addons as AddonDeclaration[], context.addonOptions);
  }
  return stored;
}
