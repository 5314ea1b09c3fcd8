import { describe, expect, it } from 'vitest';
import { matchValue } from './match-value.js';

describe('matchValue', () => {
  it('accepts equal JSON', () => {
    expect(
      matchValue({ a: [1, 'x', null, { b: true }] }, { a: [1, 'x', null, { b: true }] }),
    ).toEqual([]);
  });

  it('reports a changed value with its pointer', () => {
    const [difference] = matchValue({ item: { price: 19.99 } }, { item: { price: 20 } });
    expect(difference.pointer).toBe('/item/price');
    expect(difference.expected).toBe(19.99);
    expect(difference.actual).toBe(20);
  });

  it('reports extra and missing keys', () => {
    const differences = matchValue({ a: 1 }, { b: 2 });
    expect(differences.map((difference) => difference.pointer).sort()).toEqual(['/a', '/b']);
  });

  it('reports extra array items', () => {
    expect(matchValue([1], [1, 2])[0].pointer).toBe('/1');
  });

  it('escapes pointer segments', () => {
    expect(matchValue({ 'a/b~c': 1 }, { 'a/b~c': 2 })[0].pointer).toBe('/a~1b~0c');
  });

  it('distinguishes 1 and "1"', () => {
    expect(matchValue(1, '1')).toHaveLength(1);
  });
});

describe('matchers', () => {
  const cases: [string, unknown, unknown, boolean][] = [
    ['any accepts a value', { $match: 'any' }, 'x', true],
    ['any rejects a missing key', { $match: 'any' }, undefined, false],
    ['absent accepts a missing key', { $match: 'absent' }, undefined, true],
    ['absent rejects null', { $match: 'absent' }, null, false],
    [
      'iso-date-time accepts toISOString',
      { $match: 'iso-date-time' },
      '2024-01-02T03:04:05.678Z',
      true,
    ],
    [
      'iso-date-time accepts an offset',
      { $match: 'iso-date-time' },
      '2024-01-02T03:04:05+02:00',
      true,
    ],
    ['iso-date-time rejects a date only', { $match: 'iso-date-time' }, '2024-01-02', false],
    ['iso-date-time rejects a number', { $match: 'iso-date-time' }, 1700000000000, false],
    ['uuid accepts v4', { $match: 'uuid' }, '3b241101-e2bb-4255-8caf-4136c566a962', true],
    ['uuid rejects text', { $match: 'uuid' }, 'not-a-uuid', false],
    ['keen-id accepts 24 hex', { $match: 'keen-id' }, '0123456789abcdef01234567', true],
    ['keen-id rejects uppercase', { $match: 'keen-id' }, '0123456789ABCDEF01234567', false],
    ['keen-ip accepts the placeholder', { $match: 'keen-ip' }, '${keen.ip}', true],
    ['keen-ip accepts IPv4', { $match: 'keen-ip' }, '127.0.0.1', true],
    ['keen-ip accepts IPv6', { $match: 'keen-ip' }, '2001:db8::1', true],
    ['keen-ip rejects a host name', { $match: 'keen-ip' }, 'localhost', false],
    ['keen-ip rejects a spaced placeholder', { $match: 'keen-ip' }, ' ${keen.ip}', false],
    ['keen-ip rejects null', { $match: 'keen-ip' }, null, false],
    [
      'keen-user-agent accepts the placeholder',
      { $match: 'keen-user-agent' },
      '${keen.user_agent}',
      true,
    ],
    [
      'keen-user-agent accepts a user agent',
      { $match: 'keen-user-agent' },
      'Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/150.0.0.0',
      true,
    ],
    ['keen-user-agent rejects empty', { $match: 'keen-user-agent' }, '', false],
    [
      'placeholder form accepts the placeholder',
      { $match: 'keen-ip', form: 'placeholder' },
      '${keen.ip}',
      true,
    ],
    [
      'placeholder form rejects an address',
      { $match: 'keen-ip', form: 'placeholder' },
      '127.0.0.1',
      false,
    ],
    ['value form accepts an address', { $match: 'keen-ip', form: 'value' }, '127.0.0.1', true],
    [
      'value form rejects the placeholder',
      { $match: 'keen-ip', form: 'value' },
      '${keen.ip}',
      false,
    ],
    [
      'value form rejects the ua placeholder',
      { $match: 'keen-user-agent', form: 'value' },
      '${keen.user_agent}',
      false,
    ],
    [
      'value form accepts a user agent',
      { $match: 'keen-user-agent', form: 'value' },
      'Mozilla/5.0',
      true,
    ],
    ['keen-user-agent rejects null', { $match: 'keen-user-agent' }, null, false],
    ['type integer accepts 3', { $match: 'type', type: 'integer' }, 3, true],
    ['type integer rejects 3.5', { $match: 'type', type: 'integer' }, 3.5, false],
    ['type array rejects object', { $match: 'type', type: 'array' }, {}, false],
    [
      'regex matches',
      { $match: 'regex', pattern: '^keenJSONPCallback\\d+a*$' },
      'keenJSONPCallback17a',
      true,
    ],
    ['regex rejects', { $match: 'regex', pattern: '^a$' }, 'b', false],
    ['range inside', { $match: 'range', min: 1, max: 2 }, 1.5, true],
    ['range outside', { $match: 'range', min: 1, max: 2 }, 3, false],
    ['subset allows extra keys', { $match: 'subset', value: { a: 1 } }, { a: 1, b: 2 }, true],
    ['subset checks listed keys', { $match: 'subset', value: { a: 1 } }, { a: 2 }, false],
    ['unordered accepts any order', { $match: 'unordered', items: [1, 2, 3] }, [3, 1, 2], true],
    ['unordered rejects a wrong item', { $match: 'unordered', items: [1, 2] }, [1, 3], false],
    ['unordered rejects another length', { $match: 'unordered', items: [1] }, [1, 1], false],
  ];

  for (const [name, matcher, actual, passes] of cases) {
    it(name, () => {
      expect(matchValue(matcher as never, actual).length === 0).toBe(passes);
    });
  }

  it('absent matches a key left out of the object', () => {
    expect(matchValue({ a: 1, b: { $match: 'absent' } }, { a: 1 })).toEqual([]);
  });

  it('nests matchers inside literals', () => {
    const expected = { keen: { timestamp: { $match: 'iso-date-time' }, addons: [] } };
    expect(
      matchValue(expected as never, { keen: { timestamp: 'yesterday', addons: [] } })[0].pointer,
    ).toBe('/keen/timestamp');
  });

  it('keen-ip names both accepted forms', () => {
    const [difference] = matchValue({ $match: 'keen-ip' }, 'localhost');
    expect(difference.message).toBe('must be "${keen.ip}" or an IP address');
  });

  it('value form names the placeholder', () => {
    const [difference] = matchValue(
      { $match: 'keen-user-agent', form: 'value' },
      '${keen.user_agent}',
    );
    expect(difference.message).toBe(
      'must be a non-empty user agent string stored in place of "${keen.user_agent}"',
    );
  });
});
