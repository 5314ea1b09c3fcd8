import type { KeenSettings, Scenario } from '../schemas/generated/types.js';
import { describeError, relevantErrors, schemaValidator } from './scenarios/schema-validator.js';

/** The defaults of Segment's catalogue entry for Keen: what a newly enabled destination stores. */
export const CATALOGUE_DEFAULTS: KeenSettings = {
  projectId: '',
  writeKey: '',
  readKey: '',
  trackAllPages: true,
  trackNamedPages: true,
  trackCategorizedPages: true,
  initialPageview: false,
  ipAddon: false,
  uaAddon: false,
  urlAddon: false,
  referrerAddon: false,
};

/** Raised when filled settings break the catalogue's formats; the scenario then runs no destination. */
export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid settings: ${problems.join('; ')}`);
    this.name = 'SettingsError';
  }
}

/**
 * Fills every absent setting with its catalogue default. Explicit values, `false` and `""`
 * included, are kept; settings outside the catalogue are kept too and ignored by destinations.
 */
export function fillDefaults(settings: Scenario['settings'] = {}): KeenSettings {
  return { ...CATALOGUE_DEFAULTS, ...settings } as KeenSettings;
}

/** Checks filled settings against the catalogue's formats and throws SettingsError listing each problem. */
export function validateSettings(settings: KeenSettings): KeenSettings {
  const validate = schemaValidator('settings');
  const known = Object.fromEntries(
    Object.entries(settings).filter(([name]) => name in CATALOGUE_DEFAULTS),
  );
  if (validate(known)) return settings;
  const problems = relevantErrors(validate.errors ?? []).map((error) => {
    const name = error.instancePath.slice(1) || 'settings';
    return `${name} ${describeError(error)}`;
  });
  throw new SettingsError(problems);
}
