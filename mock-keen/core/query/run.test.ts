import { describe, expect, it } from 'vitest';

import { KeenError } from '../errors.js';
import { paramsFromQueryString, type AnalysisType, type QueryParams } from './params.js';
import { runQuery } from './run.js';

/** Wednesday 13 March 2024, 10:00 UTC. */
const NOW = Date.parse('2024-03-13T10:00:00.000Z');

const VISITS: Array<Record<string, unknown>> = [
  {
    page: '/a',
    ms: 120,
    user: 'u1',
    tags: ['new'],
    keen: { timestamp: '2024-03-11T09:00:00.000Z' },
  },
  { page: '/b', ms: 80, user: 'u2', tags: [], keen: { timestamp: '2024-03-12T09:00:00.000Z' } },
  {
    page: '/a',
    ms: 200,
    user: 'u1',
    tags: ['new', 'paid'],
    keen: { timestamp: '2024-03-12T18:00:00.000Z' },
  },
  { page: '/c', ms: 'slow', keen: { timestamp: '2024-03-13T09:59:59.999Z' } },
  { page: '/a', ms: 50, user: 'u3', keen: { timestamp: '2024-03-13T10:00:00.000Z' } },
];

function run(type: AnalysisType, params: QueryParams): unknown {
  return runQuery(
    type,
    { event_collection: 'visits', ...params },
    (collection) => (collection === 'visits' ? VISITS : []),
    NOW,
  );
}

describe('query parameters', () => {
  it('counts unique values and skips missing ones', () => {
    expect(run('count_unique', { target_property: 'user' })).toBe(3);
  });

  it('selects unique list values', () => {
    expect(run('select_unique', { target_property: 'tags' })).toEqual([
      ['new'],
      [],
      ['new', 'paid'],
    ]);
  });

  it('ignores non-numeric values in averages', () => {
    expect(run('average', { target_property: 'ms' })).toBe(112.5);
  });

  it('reads target_property through keen', () => {
    expect(run('select_unique', { target_property: 'keen.timestamp' })).toHaveLength(5);
  });

  it('gives null for a maximum of strings', () => {
    expect(run('maximum', { target_property: 'keen.timestamp' })).toBeNull();
  });

  it('includes start and excludes end', () => {
    const timeframe = { start: '2024-03-12T09:00:00.000Z', end: '2024-03-13T10:00:00.000Z' };

    expect(run('count', { timeframe })).toBe(3);
  });

  it('counts a relative timeframe', () => {
    expect(run('count', { timeframe: 'today' })).toBe(2);
    expect(run('count', { timeframe: 'previous_2_days' })).toBe(3);
  });

  it('shifts a relative timeframe by timezone', () => {
    // In UTC+10 "today" began at 2024-03-12T14:00Z.
    expect(run('count', { timeframe: 'today', timezone: 36_000 })).toBe(3);
  });

  const filterCases: Array<[string, unknown[], number]> = [
    ['lt', [{ property_name: 'ms', operator: 'lt', property_value: 100 }], 2],
    ['gte', [{ property_name: 'ms', operator: 'gte', property_value: 120 }], 2],
    ['gt on a string', [{ property_name: 'page', operator: 'gt', property_value: '/a' }], 2],
    ['lt across types', [{ property_name: 'ms', operator: 'lt', property_value: 'a' }], 0],
    [
      'two filters',
      [
        { property_name: 'page', operator: 'eq', property_value: '/a' },
        { property_name: 'ms', operator: 'gt', property_value: 100 },
      ],
      2,
    ],
    [
      'eq on a list',
      [{ property_name: 'tags', operator: 'eq', property_value: ['new', 'paid'] }],
      1,
    ],
  ];
  for (const [name, filters, expected] of filterCases) {
    it(`filters with ${name}`, () => {
      expect(run('count', { filters })).toBe(expected);
    });
  }
});

describe('group_by with interval', () => {
  it('groups inside each bucket', () => {
    const result = run('count', {
      timeframe: { start: '2024-03-12T00:00:00.000Z', end: '2024-03-14T00:00:00.000Z' },
      interval: 'daily',
      group_by: 'page',
    });

    expect(result).toEqual([
      {
        timeframe: { start: '2024-03-12T00:00:00.000Z', end: '2024-03-13T00:00:00.000Z' },
        value: [
          { page: '/a', result: 1 },
          { page: '/b', result: 1 },
        ],
      },
      {
        timeframe: { start: '2024-03-13T00:00:00.000Z', end: '2024-03-14T00:00:00.000Z' },
        value: [
          { page: '/a', result: 1 },
          { page: '/c', result: 1 },
        ],
      },
    ]);
  });

  it('accepts a relative timeframe', () => {
    const result = run('sum', {
      timeframe: 'this_2_days',
      interval: 'daily',
      target_property: 'ms',
    }) as Array<{ value: unknown }>;

    expect(result.map((bucket) => bucket.value)).toEqual([280, 50]);
  });
});

describe('extraction parameters', () => {
  it('keeps keen only when listed', () => {
    const result = run('extraction', { property_names: ['page'], latest: 1 });

    expect(result).toEqual([{ page: '/a' }]);
  });

  it('answers email without events', () => {
    expect(run('extraction', { email: 'analyst@example.com', latest: 1 })).toBe(
      'Processing. Check the specified email for the extraction results.',
    );
  });

  const invalid: Array<[string, QueryParams]> = [
    ['group_by', { group_by: 'page' }],
    ['interval', { interval: 'daily', timeframe: 'today' }],
    ['latest zero', { latest: 0 }],
    ['latest fraction', { latest: 1.5 }],
    ['property_names as a string', { property_names: 'page' }],
  ];
  for (const [name, params] of invalid) {
    it(`rejects ${name}`, () => {
      expect(() => run('extraction', params)).toThrow(KeenError);
    });
  }
});

describe('aggregate parameter errors', () => {
  const invalid: Array<[string, AnalysisType, QueryParams]> = [
    ['an unknown interval', 'count', { interval: 'fortnightly', timeframe: 'today' }],
    ['an empty group_by list', 'count', { group_by: [] }],
    ['a non-string group_by', 'count', { group_by: [1] }],
    ['filters not a list', 'count', { filters: { property_name: 'page' } }],
    [
      'exists without a boolean',
      'count',
      { filters: [{ property_name: 'page', operator: 'exists', property_value: 'yes' }] },
    ],
    [
      'in without a list',
      'count',
      { filters: [{ property_name: 'page', operator: 'in', property_value: '/a' }] },
    ],
    [
      'a filter without property_name',
      'count',
      { filters: [{ operator: 'eq', property_value: '/a' }] },
    ],
    ['an empty target_property', 'sum', { target_property: '' }],
  ];
  for (const [name, type, params] of invalid) {
    it(`rejects ${name}`, () => {
      expect(() => run(type, params)).toThrow(KeenError);
    });
  }
});

describe('GET query string', () => {
  it('decodes JSON parameters', () => {
    const query = new URLSearchParams({
      api_key: 'secret',
      event_collection: 'visits',
      group_by: '["page","user"]',
      property_names: '["page"]',
      timeframe: '{"start":"2024-03-12T00:00:00Z","end":"2024-03-13T00:00:00Z"}',
      filters: '[{"property_name":"ms","operator":"gt","property_value":100}]',
      timezone: '-18000',
      latest: '2',
      interval: 'daily',
    });

    expect(paramsFromQueryString(query)).toEqual({
      event_collection: 'visits',
      group_by: ['page', 'user'],
      property_names: ['page'],
      timeframe: { start: '2024-03-12T00:00:00Z', end: '2024-03-13T00:00:00Z' },
      filters: [{ property_name: 'ms', operator: 'gt', property_value: 100 }],
      timezone: -18000,
      latest: '2',
      interval: 'daily',
    });
  });

  it('keeps plain strings', () => {
    const query = new URLSearchParams({
      group_by: 'page',
      timeframe: 'this_7_days',
      timezone: 'Europe/Paris',
    });

    expect(paramsFromQueryString(query)).toEqual({
      group_by: 'page',
      timeframe: 'this_7_days',
      timezone: 'Europe/Paris',
    });
  });

  it('rejects broken JSON', () => {
    expect(() => paramsFromQueryString(new URLSearchParams({ filters: '[{' }))).toThrow(
      /filters is not valid JSON/,
    );
  });

  it('reads latest from text', () => {
    const params = paramsFromQueryString(
      new URLSearchParams({ event_collection: 'visits', latest: '1', property_names: '["ms"]' }),
    );

    expect(runQuery('extraction', params, () => VISITS, NOW)).toEqual([{ ms: 50 }]);
  });
});
