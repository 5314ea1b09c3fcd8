import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { MATCHER_FIELDS, describeMatcherShape } from './matcher-shape.js';

interface MatcherBranch {
  properties: { $match: { enum?: string[]; const?: string } };
}

describe('describeMatcherShape', () => {
  it('knows every matcher of the schema', async () => {
    const schema = JSON.parse(await readFile('schemas/scenario.schema.json', 'utf8')) as {
      $defs: { matcher: { oneOf: MatcherBranch[] } };
    };
    const names = schema.$defs.matcher.oneOf.flatMap(
      (branch) => branch.properties.$match.enum ?? [branch.properties.$match.const as string],
    );
    expect(Object.keys(MATCHER_FIELDS).sort()).toEqual(names.sort());
  });

  it('accepts a complete matcher', () => {
    expect(describeMatcherShape({ $match: 'range', max: 3 })).toBeNull();
  });

  it('accepts a matcher without fields', () => {
    expect(describeMatcherShape({ $match: 'any' })).toBeNull();
  });

  it('accepts an optional field', () => {
    expect(describeMatcherShape({ $match: 'keen-ip', form: 'value' })).toBeNull();
  });

  it('names the range bounds', () => {
    expect(describeMatcherShape({ $match: 'range' })?.message).toBe(
      'the range matcher needs "min" or "max"',
    );
  });

  it('suggests the closest name', () => {
    expect(describeMatcherShape({ $match: 'iso-datetime' })?.hint).toMatch(
      /^did you mean "iso-date-time"\?/,
    );
  });

  it('names a missing field', () => {
    expect(describeMatcherShape({ $match: 'subset' })?.message).toBe(
      'the subset matcher needs "value"',
    );
  });

  it('names an extra field', () => {
    expect(describeMatcherShape({ $match: 'uuid', version: 4 })?.message).toBe(
      'the uuid matcher has no "version" field',
    );
  });
});
