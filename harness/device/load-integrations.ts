/** The name analytics.js gives the Keen destination, in the integrations option and per event. */
export const KEEN_IO = 'Keen IO';

/**
 * Builds the integrations option analytics.js is started with in device mode: the scenario's
 * entries with "Segment.io" disabled, because device mode routes no request to Segment's API.
 */
export function deviceLoadIntegrations(
  loadIntegrations: Record<string, unknown> | undefined,
): Record<string, unknown> {
  return { ...loadIntegrations, 'Segment.io': false };
}

/**
 * Returns true when analytics.js started with these integrations creates no "Keen IO"
 * destination: the name is set to false, or `All` is false and the name is absent. This is the
 * rule of analytics-next 1.84's `isDisabledIntegration`, applied when it creates destinations.
 */
export function isKeenDisabledAtLoad(integrations: Record<string, unknown> | undefined): boolean {
  if (!integrations) return false;
  if (integrations[KEEN_IO] === false) return true;
  return integrations.All === false && integrations[KEEN_IO] === undefined;
}
