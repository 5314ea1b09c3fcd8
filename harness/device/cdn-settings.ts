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
  return {
    integrations: {
      'Segment.io': { apiKey: sourceWriteKey, apiHost: 'api.segment.io/v1' },
      'Keen IO': {
        ...settings,
        type: 'browser',
        versionSettings: { version: KEEN_IO_INTEGRATION_VERSION, componentTypes: ['browser'] },
      },
    },
    analyticsNextEnabled: true,
    middlewareSettings: {},
    enabledMiddleware: {},
    legacyVideoPluginsEnabled: false,
    remotePlugins: [],
    metrics: { sampleRate: 0 },
  };
}
