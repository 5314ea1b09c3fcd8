import { describe, expect, it } from 'vitest';
import { CATALOGUE_DEFAULTS, SettingsError, fillDefaults, validateSettings } from './settings.js';

const required = { projectId: '9181bcd23843312d87000000', writeKey: 'a'.repeat(32) };

describe('fillDefaults', () => {
  it('fills absent settings with catalogue defaults', () => {
    expect(fillDefaults(required)).toEqual({ ...CATALOGUE_DEFAULTS, ...required });
  });

  it('keeps explicit false and empty values', () => {
    const filled = fillDefaults({ ...required, trackAllPages: false, readKey: '' });
    expect(filled.trackAllPages).toBe(false);
    expect(filled.readKey).toBe('');
  });
});

describe('validateSettings', () => {
  it('accepts catalogue formats', () => {
    expect(validateSettings(fillDefaults(required)).projectId).toBe(required.projectId);
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ['a short project ID', { projectId: 'abc' }, 'projectId'],
    ['a project ID with a dash', { projectId: '9181bcd23843312d8700000-' }, 'projectId'],
    ['a short write key', { writeKey: 'short' }, 'writeKey'],
    ['a short read key', { readKey: 'x'.repeat(10) }, 'readKey'],
    ['a string boolean', { trackAllPages: 'true' }, 'trackAllPages'],
    ['a null setting', { ipAddon: null }, 'ipAddon'],
  ];
  for (const [name, change, setting] of invalid) {
    it(`rejects ${name}`, () => {
      const settings = { ...fillDefaults(required), ...change } as never;
      expect(() => validateSettings(settings)).toThrow(SettingsError);
      expect(() => validateSettings(settings)).toThrow(new RegExp(setting));
    });
  }

  it('rejects missing required settings', () => {
    expect(() => validateSettings(fillDefaults({}))).toThrow(/projectId/);
  });
});
