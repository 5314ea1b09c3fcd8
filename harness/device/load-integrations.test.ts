import { describe, expect, it } from 'vitest';
import { deviceLoadIntegrations, isKeenDisabledAtLoad } from './load-integrations.js';

describe('isKeenDisabledAtLoad', () => {
  it('loads Keen without options', () => {
    expect(isKeenDisabledAtLoad(undefined)).toBe(false);
  });

  it('skips Keen IO set to false', () => {
    expect(isKeenDisabledAtLoad({ 'Keen IO': false })).toBe(true);
  });

  it('skips Keen under All false', () => {
    expect(isKeenDisabledAtLoad({ All: false })).toBe(true);
  });

  it('loads Keen IO true under All false', () => {
    expect(isKeenDisabledAtLoad({ All: false, 'Keen IO': true })).toBe(false);
  });

  it('loads Keen IO settings under All false', () => {
    expect(isKeenDisabledAtLoad({ All: false, 'Keen IO': { trackAllPages: false } })).toBe(false);
  });

  it('ignores a Keen entry', () => {
    expect(isKeenDisabledAtLoad({ Keen: false })).toBe(false);
  });
});

describe('deviceLoadIntegrations', () => {
  it('disables Segment.io', () => {
    expect(deviceLoadIntegrations(undefined)).toEqual({ 'Segment.io': false });
  });

  it('keeps the scenario entries', () => {
    expect(deviceLoadIntegrations({ All: false, 'Keen IO': true })).toEqual({
      All: false,
      'Keen IO': true,
      'Segment.io': false,
    });
  });

  it('overrides a scenario Segment.io entry', () => {
    expect(deviceLoadIntegrations({ 'Segment.io': true })).toEqual({ 'Segment.io': false });
  });
});
