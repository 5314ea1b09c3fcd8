import { isJsonObject, objectField } from './message.js';
import type { CloudSettings, MessageType, SegmentMessage } from './message.js';

/** The integration name that Segment's Keen server-side code registers. */
export const INTEGRATION_NAME = 'Keen IO';

/** The catalogue name, honoured in the integrations object after "Keen IO". */
export const CATALOGUE_NAME = 'Keen';

/** The reason a message was refused without any request to Keen. */
export type RefusalReason = 'INVALID_SETTINGS' | 'DISABLED' | 'CHANNEL' | 'UNSUPPORTED';

/** Message types that produce Keen writes; identify, group and alias send nothing. */
export const HANDLED_TYPES: readonly MessageType[] = ['track', 'page', 'screen'];

/**
 * Decides whether the destination handles `message`, in the order Segment's integration
 * framework checks: the channel, then the integrations object, then the required settings,
 * then the message type. Returns null when the message is accepted.
 */
export function checkAcceptance(
  message: SegmentMessage,
  settings: CloudSettings,
  handledTypes: readonly MessageType[] = HANDLED_TYPES,
): RefusalReason | null {
  if (!isChannelAccepted(message)) return 'CHANNEL';
  if (!isEnabled(message.integrations)) return 'DISABLED';
  if (!settings.projectId || !settings.writeKey) return 'INVALID_SETTINGS';
  if (!handledTypes.includes(message.type)) return 'UNSUPPORTED';
  return null;
}

/**
 * Accepts the `server` and `mobile` channels, a message without a channel (read as `server`),
 * and a `client` message only when `_metadata.unbundled` names "Keen IO". Any other `client`
 * message was already sent to Keen from the browser.
 */
export function isChannelAccepted(message: SegmentMessage): boolean {
  const channel = message.channel;
  if (channel === undefined || channel === null || channel === '') return true;
  if (channel === 'server' || channel === 'mobile') return true;
  if (channel !== 'client') return false;

  const unbundled = objectField(message, '_metadata')?.unbundled;
  return Array.isArray(unbundled) && unbundled.includes(INTEGRATION_NAME);
}

/**
 * Resolves the integrations object: a "Keen IO" entry decides when present, otherwise a "Keen"
 * entry, otherwise `All` (looked up without regard to case). Only the value `false` disables.
 */
export function isEnabled(integrations: unknown): boolean {
  if (!isJsonObject(integrations)) return true;

  for (const name of [INTEGRATION_NAME, CATALOGUE_NAME]) {
    if (Object.hasOwn(integrations, name)) return integrations[name] !== false;
  }

  const allKey = Object.keys(integrations).find((key) => key.toLowerCase() === 'all');
  return allKey === undefined || integrations[allKey] !== false;
}
