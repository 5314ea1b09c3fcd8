/** Replacement of a key in bundles and reports. */
export const REDACTED = 'REDACTED';

/** Setting names whose values are Keen keys. */
const KEY_SETTINGS = ['writeKey', 'readKey', 'masterKey'];

/** List the Keen keys among destination settings, for scrubbing text. */
export function settingsKeys(settings: unknown): string[] {
  if (typeof settings !== 'object' || settings === null) return [];
  return KEY_SETTINGS.map((name) => (settings as Record<string, unknown>)[name]).filter(
    (value): value is string => typeof value === 'string' && value !== '',
  );
}

/** Copy settings with every key value replaced by REDACTED. */
export function redactSettings<T>(settings: T): T {
  if (typeof settings !== 'object' || settings === null) return settings;
  const copy = { ...settings } as Record<string, unknown>;
  for (const name of KEY_SETTINGS) {
    if (typeof copy[name] === 'string' && copy[name] !== '') copy[name] = REDACTED;
  }
  return copy as T;
}

/** Replace every occurrence of each key in `text`. */
export function scrubKeys(text: string, keys: readonly string[]): string {
  return keys.reduce((scrubbed, key) => scrubbed.split(key).join(REDACTED), text);
}
