import { describe, expect, it } from 'vitest';
import { globToRegExp, idPatternToRegExp } from './run-filter.js';

describe('idPatternToRegExp', () => {
  it('matches plain text anywhere in the id', () => {
    expect(idPatternToRegExp('server-example').test('cloud-track/server-example')).toBe(true);
  });

  it('treats dots in plain text literally', () => {
    expect(idPatternToRegExp('a.b').test('axb')).toBe(false);
  });

  it('anchors a wildcard pattern to the whole id', () => {
    expect(idPatternToRegExp('cloud-track/*').test('web-cloud-track/x')).toBe(false);
    expect(idPatternToRegExp('cloud-track/*').test('cloud-track/x')).toBe(true);
  });
});

describe('globToRegExp', () => {
  it('matches the whole name', () => {
    expect(globToRegExp('mutant.*').test('mutant.cloud-page')).toBe(true);
    expect(globToRegExp('mutant').test('mutant.cloud-page')).toBe(false);
  });
});
