import { checkAcceptance, HANDLED_TYPES } from './acceptance.js';
import type { RefusalReason } from './acceptance.js';
import { sendWrites } from './keen-client.js';
import type { KeenEndpoint, SendOptions } from './keen-client.js';
import { MappingError, mapTrack } from './mapping.js';
import type { KeenWrite } from './mapping.js';
import type { CloudSettings, MessageType, SegmentMessage } from './message.js';
import { derivePageTracks } from './page.js';

/**
 * Deliberate defects that negative controls switch on to prove the catalogue catches them.
 * None is on by default.
 */
export interface CloudMutations {
  /** Send identify to Keen as a track named "Identify" whose properties are the traits. */
  forwardIdentify?: boolean;
  /** Replaces each incoming message before the acceptance checks. */
  rewriteMessage?: (message: SegmentMessage) => SegmentMessage;
  /** Replaces the Keen writes of an accepted message before they are sent. */
  rewriteWrites?: (writes: KeenWrite[], message: SegmentMessage) => KeenWrite[];
}

/** The destination's outcome for one message. */
export interface MessageResult {
  messageId: string | null;
  type: string;
  outcome: 'delivered' | 'refused' | 'failed';
  reason?: RefusalReason;
  /** The HTTP status of a failed Keen request. */
  status?: number;
  /** Keen's per-event error name, the network error code, or the mapping error of a failed message. */
  errorName?: string;
  /** A description of the failure, for a failed message. */
  message?: string;
  /** Keen requests made for this message, retries included. */
  attempts: number;
}

/** A configured source: the destination settings and the Keen API base its events go to. */
export interface SourceConfig {
  settings: CloudSettings;
  keenBaseUrl: string;
}

/** Options of message handling that come from the server. */
export interface HandleOptions extends SendOptions {
  mutations: CloudMutations;
  receivedAt: Date;
}

/**
 * Handles one message end to end: accept or refuse it, map it to Keen writes, and send them.
 * Mapping errors and Keen failures become failed results; any other error is a bug and propagates.
 */
export async function handleMessage(
  received: SegmentMessage,
  source: SourceConfig,
  options: HandleOptions,
): Promise<MessageResult> {
  const message = options.mutations.rewriteMessage?.(received) ?? received;
  const base = {
    messageId: typeof message.messageId === 'string' ? message.messageId : null,
    type: message.type,
  };

  const handledTypes: readonly MessageType[] = options.mutations.forwardIdentify
    ? [...HANDLED_TYPES, 'identify']
    : HANDLED_TYPES;
  const reason = checkAcceptance(message, source.settings, handledTypes);
  if (reason !== null) return { ...base, outcome: 'refused', reason, attempts: 0 };

  let writes: KeenWrite[];
  try {
    writes = buildWrites(message, source.settings, options);
    writes = options.mutations.rewriteWrites?.(writes, message) ?? writes;
  } catch (error) {
    if (!(error instanceof MappingError)) throw error;
    options.log(`failed without request: ${error.message}`);
    return {
      ...base,
      outcome: 'failed',
      errorName: error.errorName,
      message: error.message,
      attempts: 0,
    };
  }

  const endpoint: KeenEndpoint = {
    baseUrl: source.keenBaseUrl,
    projectId: String(source.settings.projectId),
    writeKey: String(source.settings.writeKey),
  };
  const { failure, attempts } = await sendWrites(writes, endpoint, options);
  if (failure === null) return { ...base, outcome: 'delivered', attempts };

  const { status, errorName, message: text } = failure;
  return {
    ...base,
    outcome: 'failed',
    ...definedOnly({ status, errorName }),
    message: text,
    attempts,
  };
}

/** Maps an accepted message to the Keen writes it sends, in send order. */
export function buildWrites(
  message: SegmentMessage,
  settings: CloudSettings,
  options: HandleOptions,
): KeenWrite[] {
  switch (message.type) {
    case 'track':
      return [mapTrack(message, settings, options.receivedAt)];
    case 'page':
    case 'screen':
      return derivePageTracks(message, settings).map((track) =>
        mapTrack(track, settings, options.receivedAt),
      );
    case 'identify':
      return options.mutations.forwardIdentify
        ? [mapTrack(toIdentifyTrack(message), settings, options.receivedAt)]
        : [];
    default:
      return [];
  }
}

function toIdentifyTrack(message: SegmentMessage): SegmentMessage {
  return { ...message, type: 'track', event: 'Identify', properties: message.traits };
}

function definedOnly<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
