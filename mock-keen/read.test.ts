import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  MASTER_KEY,
  PROJECT_ID,
  READ_KEY,
  WRITE_KEY,
  eventsUrl,
  postJson,
  startTestMock,
  type TestMock,
} from './test-support.js';

let mock: TestMock;

const PURCHASES = [
  {
    item: 'book',
    price: 10,
    user: { id: 'u1' },
    tags: ['gift'],
    keen: { timestamp: '2024-01-01T10:00:00.000Z' },
  },
  {
    item: 'pen',
    price: 2,
    user: { id: 'u2' },
    tags: [],
    keen: { timestamp: '2024-01-01T23:30:00.000Z' },
  },
  {
    item: 'book',
    price: 12,
    user: { id: 'u1' },
    tags: ['sale'],
    keen: { timestamp: '2024-01-02T08:00:00.000Z' },
  },
  { item: 'lamp', price: 'n/a', keen: { timestamp: '2024-01-03T12:00:00.000Z' } },
];

beforeAll(async () => {
  mock = await startTestMock();
  const response = await postJson(eventsUrl(mock), { purchases: PURCHASES });
  expect(response.status).toBe(200);
});

afterAll(async () => {
  await mock.close();
});

function queryUrl(type: string): string {
  return `${mock.url}/3.0/projects/${PROJECT_ID}/queries/${type}`;
}

async function query(
  type: string,
  params: Record<string, unknown>,
  key: string = READ_KEY,
): Promise<unknown> {
  const response = await postJson(
    queryUrl(type),
    { event_collection: 'purchases', ...params },
    key,
  );
  const body = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body.result;
}

async function queryError(type: string, params: Record<string, unknown>, key: string = READ_KEY) {
  const response = await postJson(queryUrl(type), params, key);
  return { status: response.status, errorCode: (await response.json()).error_code };
}

describe('analyses', () => {
  const cases: Array<[string, Record<string, unknown>, unknown]> = [
    ['count', {}, 4],
    ['count_unique', { target_property: 'item' }, 3],
    ['sum', { target_property: 'price' }, 24],
    ['minimum', { target_property: 'price' }, 2],
    ['maximum', { target_property: 'price' }, 12],
    ['average', { target_property: 'price' }, 8],
    ['select_unique', { target_property: 'user.id' }, ['u1', 'u2']],
  ];
  for (const [type, params, expected] of cases) {
    it(`computes ${type}`, async () => {
      expect(await query(type, params)).toEqual(expected);
    });
  }

  it('gives empty aggregates for a collection without events', async () => {
    const empty = { event_collection: 'nothing', target_property: 'price' };

    expect(await query('count', empty)).toBe(0);
    expect(await query('sum', empty)).toBe(0);
    expect(await query('average', empty)).toBeNull();
    expect(await query('minimum', empty)).toBeNull();
  });

  it('accepts a master key', async () => {
    expect(await query('count', {}, MASTER_KEY)).toBe(4);
  });
});

describe('filters and timeframes', () => {
  const cases: Array<[string, Record<string, unknown>, number]> = [
    ['eq', { filters: [{ property_name: 'item', operator: 'eq', property_value: 'book' }] }, 2],
    ['ne', { filters: [{ property_name: 'item', operator: 'ne', property_value: 'book' }] }, 2],
    ['gt', { filters: [{ property_name: 'price', operator: 'gt', property_value: 2 }] }, 2],
    ['lte', { filters: [{ property_name: 'price', operator: 'lte', property_value: 10 }] }, 2],
    [
      'in',
      { filters: [{ property_name: 'item', operator: 'in', property_value: ['pen', 'lamp'] }] },
      2,
    ],
    [
      'contains in a list',
      { filters: [{ property_name: 'tags', operator: 'contains', property_value: 'sale' }] },
      1,
    ],
    [
      'contains in a string',
      { filters: [{ property_name: 'item', operator: 'contains', property_value: 'oo' }] },
      2,
    ],
    [
      'exists true',
      { filters: [{ property_name: 'user.id', operator: 'exists', property_value: true }] },
      3,
    ],
    [
      'exists false',
      { filters: [{ property_name: 'user.id', operator: 'exists', property_value: false }] },
      1,
    ],
    [
      'missing property on ne',
      { filters: [{ property_name: 'user.id', operator: 'ne', property_value: 'zz' }] },
      3,
    ],
    [
      'absolute timeframe',
      { timeframe: { start: '2024-01-01T00:00:00.000Z', end: '2024-01-02T08:00:00.000Z' } },
      2,
    ],
    ['relative timeframe', { timeframe: 'this_10_years' }, 4],
    ['future timeframe', { timeframe: 'previous_1_minutes', timezone: 3600 }, 0],
  ];
  for (const [name, params, expected] of cases) {
    it(`counts with ${name}`, async () => {
      expect(await query('count', params)).toBe(expected);
    });
  }
});

describe('group_by and interval', () => {
  it('groups and sorts by value', async () => {
    expect(await query('count', { group_by: 'item' })).toEqual([
      { item: 'book', result: 2 },
      { item: 'lamp', result: 1 },
      { item: 'pen', result: 1 },
    ]);
  });

  it('groups missing properties under null', async () => {
    const result = (await query('count', { group_by: ['user.id'] })) as Array<
      Record<string, unknown>
    >;

    expect(result).toContainEqual({ 'user.id': null, result: 1 });
  });

  it('splits daily buckets in a timezone', async () => {
    const result = await query('count', {
      timeframe: { start: '2024-01-01T00:00:00.000Z', end: '2024-01-03T00:00:00.000Z' },
      interval: 'daily',
      timezone: 3600,
    });

    expect(result).toEqual([
      {
        timeframe: { start: '2024-01-01T01:00:00.000+01:00', end: '2024-01-02T00:00:00.000+01:00' },
        value: 1,
      },
      {
        timeframe: { start: '2024-01-02T00:00:00.000+01:00', end: '2024-01-03T00:00:00.000+01:00' },
        value: 2,
      },
      {
        timeframe: { start: '2024-01-03T00:00:00.000+01:00', end: '2024-01-03T01:00:00.000+01:00' },
        value: 0,
      },
    ]);
  });
});

describe('extraction', () => {
  it('returns full events oldest first', async () => {
    const result = (await query('extraction', {})) as Array<Record<string, unknown>>;

    expect(result.map((event) => event.item)).toEqual(['book', 'pen', 'book', 'lamp']);
    expect(result[0].keen).toMatchObject({
      timestamp: '2024-01-01T10:00:00.000Z',
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
    });
  });

  it('keeps the latest events', async () => {
    const result = (await query('extraction', {
      latest: 2,
      property_names: ['item', 'user.id'],
    })) as unknown[];

    expect(result).toEqual([{ item: 'book', user: { id: 'u1' } }, { item: 'lamp' }]);
  });

  it('answers an email extraction', async () => {
    expect(await query('extraction', { email: 'a@b.test' })).toBe(
      'Processing. Check the specified email for the extraction results.',
    );
  });
});

describe('GET queries', () => {
  it('reads JSON parameters from the query string', async () => {
    const filters = JSON.stringify([
      { property_name: 'item', operator: 'eq', property_value: 'book' },
    ]);
    const url = `${queryUrl('sum')}?api_key=${READ_KEY}&event_collection=purchases&target_property=price&filters=${encodeURIComponent(filters)}`;
    const response = await fetch(url);

    expect(await response.json()).toEqual({ result: 22 });
  });
});

describe('query errors', () => {
  const cases: Array<[string, string, Record<string, unknown>, string, number]> = [
    ['a missing collection', 'count', {}, 'InvalidQueryError', 400],
    [
      'a missing target_property',
      'sum',
      { event_collection: 'purchases' },
      'InvalidQueryError',
      400,
    ],
    [
      'an unknown operator',
      'count',
      {
        event_collection: 'purchases',
        filters: [{ property_name: 'a', operator: 'like', property_value: 1 }],
      },
      'InvalidQueryError',
      400,
    ],
    [
      'a malformed timeframe',
      'count',
      { event_collection: 'purchases', timeframe: 'last_week' },
      'InvalidQueryError',
      400,
    ],
    [
      'interval without timeframe',
      'count',
      { event_collection: 'purchases', interval: 'daily' },
      'InvalidQueryError',
      400,
    ],
    [
      'an unsupported analysis',
      'funnel',
      { event_collection: 'purchases' },
      'ResourceNotFoundError',
      404,
    ],
  ];
  for (const [name, type, params, errorCode, status] of cases) {
    it(`rejects ${name}`, async () => {
      expect(await queryError(type, params)).toEqual({ status, errorCode });
    });
  }

  it('rejects a write key', async () => {
    expect(await queryError('count', { event_collection: 'purchases' }, WRITE_KEY)).toEqual({
      status: 401,
      errorCode: 'RequestForbiddenError',
    });
  });
});

describe('schema and delete', () => {
  it('describes one collection', async () => {
    const response = await fetch(`${eventsUrl(mock, 'purchases')}?api_key=${MASTER_KEY}`);

    expect(await response.json()).toEqual({
      properties: {
        item: 'string',
        price: 'num',
        'user.id': 'string',
        tags: 'list',
        'keen.timestamp': 'datetime',
        'keen.created_at': 'datetime',
        'keen.id': 'string',
      },
    });
  });

  it('lists every collection', async () => {
    const response = await fetch(eventsUrl(mock), { headers: { Authorization: MASTER_KEY } });

    const body = await response.json();
    expect(body).toHaveLength(1);
    expect(body[0].name).toBe('purchases');
    expect(body[0].url).toBe(`/3.0/projects/${PROJECT_ID}/events/purchases`);
  });

  it('returns 404 for an empty collection', async () => {
    const response = await fetch(`${eventsUrl(mock, 'nothing')}?api_key=${MASTER_KEY}`);

    expect(response.status).toBe(404);
  });

  it('deletes matching events', async () => {
    await postJson(eventsUrl(mock), { doomed: [{ n: 1 }, { n: 2 }, { n: 3 }] });
    const filters = encodeURIComponent(
      JSON.stringify([{ property_name: 'n', operator: 'gte', property_value: 2 }]),
    );
    const response = await fetch(`${eventsUrl(mock, 'doomed')}?filters=${filters}`, {
      method: 'DELETE',
      headers: { Authorization: MASTER_KEY },
    });

    expect(response.status).toBe(204);
    expect(await query('count', { event_collection: 'doomed' })).toBe(1);
  });
});
