import type { KeenSettings } from '../../schemas/generated/types.js';

/** The "Keen IO" integration version whose bundle analytics.js requests from Segment's CDN. */
export const KEEN_IO_INTEGRATION_VERSION = '2.1.3';

/**
 * Builds the source settings that analytics.js fetches from
 * `https://cdn.segment.com/v1/projects/{writeKey}/settings`.
 *
 * analytics.js creates classic destinations only when `integrations` has more than one key, so a
 * "Segment.io" entry stays in (the load options disable it). "Keen IO" is installed only when it is
 * marked as a browser integration. A metrics sample rate of 0 keeps analytics.js from posting its
 * own metrics to api.segment.io.
 */
export function buildCdnSettings(
  sourceWriteKey: string,
  settings: KeenSettings,
): Record<string, unknown> {
  return sourceSettings(sourceWriteKey, {
    ...settings,
    type: 'browser',
    versionSettings: { version: KEEN_IO_INTEGRATION_VERSION, componentTypes: ['browser'] },
  });
}

/**
 * Builds the source settings of web cloud mode, where "Keen IO" is connected in cloud mode.
 * analytics.js installs no destination whose `bundlingStatus` is "unbundled", and lists such
 * destinations in the `_metadata.unbundled` of every message it sends to Segment.io. The Keen
 * settings reach the cloud destination through its configuration hook, so none are listed here.
 */
export function buildUnbundledCdnSettings(sourceWriteKey: string): Record<string, unknown> {
  return sourceSettings(sourceWriteKey, { type: 'server', bundlingStatus: 'unbundled' });
}

function sourceSettings(
  sourceWriteKey: string,
  keenIo: Record<string, unknown>,
): Record<string, unknown> {
  return {
    integrations: {
      'Segment.io': { apiKey: sourceWriteKey, apiHost: 'api.segment.io/v1' },
      'Keen IO': keenIo,
    },
    analyticsNextEnabled: true,
    middlewareSettings: {},
    enabledMiddleware: {},
    legacyVideoPluginsEnabled: false,
    remotePlugins: [],
    metrics: { sampleRate: 0 },
  };
}
