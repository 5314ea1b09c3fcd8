import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  PROJECT_ID,
  WRITE_KEY,
  encodeData,
  eventsUrl,
  postJson,
  startTestMock,
  type TestMock,
} from './test-support.js';

let mock: TestMock;

beforeAll(async () => {
  mock = await startTestMock();
});

afterAll(async () => {
  await mock.close();
});

async function errorOf(response: Response): Promise<{ status: number; errorCode: string }> {
  const body = await response.json();
  return { status: response.status, errorCode: body.error_code };
}

function lastRecord() {
  return mock.core.journal.list('default').at(-1)!;
}

/** Events rejected one by one, with the error_code Keen gives each. */
const INVALID_EVENTS: Array<[string, unknown, string]> = [
  ['a list', [1, 2], 'InvalidEventError'],
  ['a string', 'text', 'InvalidEventError'],
  ['a dotted name', { 'a.b': 1 }, 'InvalidPropertyNameError'],
  ['a $ name', { $a: 1 }, 'InvalidPropertyNameError'],
  ['an empty name', { '': 1 }, 'InvalidPropertyNameError'],
  ['a 257-character name', { ['n'.repeat(257)]: 1 }, 'InvalidPropertyNameError'],
  ['a nested dotted name', { a: { b: { 'c.d': 1 } } }, 'InvalidPropertyNameError'],
  ['a dotted name in a list', { items: [{ ok: 1 }, { 'x.y': 2 }] }, 'InvalidPropertyNameError'],
  ['a $ name in nested lists', { items: [[{ $x: 1 }]] }, 'InvalidPropertyNameError'],
  ['keen as a string', { keen: 'x' }, 'NamespaceTypeError'],
  ['keen as a list', { keen: [] }, 'NamespaceTypeError'],
  ['an unknown keen property', { keen: { other: 1 } }, 'InvalidKeenNamespaceProperty'],
  ['a numeric keen.timestamp', { keen: { timestamp: 5 } }, 'InvalidPropertyValueError'],
  ['a non-ISO keen.timestamp', { keen: { timestamp: 'yesterday' } }, 'InvalidPropertyValueError'],
  [
    'an impossible keen.timestamp',
    { keen: { timestamp: '2024-13-45T00:00:00Z' } },
    'InvalidPropertyValueError',
  ],
  ['keen.addons as an object', { keen: { addons: {} } }, 'InvalidKeenNamespaceProperty'],
  [
    'an add-on without output',
    { keen: { addons: [{ name: 'keen:url_parser', input: { url: 'u' } }] } },
    'InvalidKeenNamespaceProperty',
  ],
  [
    'an unknown add-on',
    { keen: { addons: [{ name: 'keen:nope', input: {}, output: 'o' }] } },
    'InvalidKeenNamespaceProperty',
  ],
  [
    'an add-on output under keen',
    { keen: { addons: [{ name: 'keen:url_parser', input: { url: 'u' }, output: 'keen.x' }] } },
    'InvalidKeenNamespaceProperty',
  ],
  [
    'an add-on without input',
    { keen: { addons: [{ name: 'keen:url_parser', output: 'o' }] } },
    'InvalidKeenNamespaceProperty',
  ],
];

describe('single event validation', () => {
  for (const [name, event, errorCode] of INVALID_EVENTS) {
    it(`rejects ${name}`, async () => {
      const response = await postJson(eventsUrl(mock, 'checks'), event);

      expect(await errorOf(response)).toEqual({ status: 400, errorCode });
      expect(lastRecord().outcome).toBe('rejected');
      expect(lastRecord().errorCode).toBe(errorCode);
      expect(lastRecord().stored).toBeNull();
    });
  }

  it('rejects invalid JSON', async () => {
    const response = await postJson(eventsUrl(mock, 'checks'), '{"a":');

    expect(await errorOf(response)).toEqual({ status: 400, errorCode: 'InvalidEventError' });
    expect(lastRecord().body).toBeNull();
  });

  it('rejects invalid UTF-8', async () => {
    const response = await fetch(eventsUrl(mock, 'checks'), {
      method: 'POST',
      headers: { Authorization: WRITE_KEY },
      body: Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]),
    });

    expect(await errorOf(response)).toEqual({ status: 400, errorCode: 'InvalidEventError' });
  });

  it('accepts keen location and uniqueness_token', async () => {
    const keen = {
      location: { coordinates: [1, 2] },
      uniqueness_token: 'u-1',
      timestamp: '2024-05-01T10:00:00.123+02:00',
    };
    const response = await postJson(eventsUrl(mock, 'checks'), {
      keen,
      list: [{ a: 1 }, 'x', null],
    });

    expect(response.status).toBe(201);
  });

  const invalidCollections: Array<[string, string]> = [
    ['an empty collection', ''],
    ['a $ collection', '%24things'],
    ['a 257-character collection', 'c'.repeat(257)],
  ];
  for (const [name, segment] of invalidCollections) {
    it(`rejects ${name}`, async () => {
      const response = await postJson(`${eventsUrl(mock)}/${segment}`, {});

      expect(await errorOf(response)).toEqual({
        status: 400,
        errorCode: 'InvalidCollectionNameError',
      });
    });
  }

  it('accepts a 256-character collection', async () => {
    const response = await postJson(eventsUrl(mock, 'é'.repeat(256)), {});

    expect(response.status).toBe(201);
  });
});

describe('size limits', () => {
  it('rejects an event over 900,000 bytes', async () => {
    const response = await postJson(eventsUrl(mock, 'big'), { text: 'x'.repeat(900_000) });

    expect(await errorOf(response)).toEqual({
      status: 413,
      errorCode: 'RequestEntityTooLargeError',
    });
    expect(lastRecord().body).toBeNull();
  });

  it('checks size before parsing', async () => {
    const response = await postJson(eventsUrl(mock, 'big'), `{${' '.repeat(900_001)}`);

    expect(await errorOf(response)).toEqual({
      status: 413,
      errorCode: 'RequestEntityTooLargeError',
    });
  });

  it('rejects GET data over 900,000 bytes', async () => {
    const data = encodeURIComponent(encodeData({ text: 'x'.repeat(900_000) }));
    const response = await fetch(`${eventsUrl(mock, 'big')}?api_key=${WRITE_KEY}&data=${data}`);

    expect(await errorOf(response)).toEqual({
      status: 413,
      errorCode: 'RequestEntityTooLargeError',
    });
  });

  it('rejects a batch over 10,000,000 bytes', async () => {
    const events = Array.from({ length: 12 }, () => ({ text: 'x'.repeat(850_000) }));
    const response = await postJson(eventsUrl(mock), { many: events });

    expect(await errorOf(response)).toEqual({
      status: 413,
      errorCode: 'RequestEntityTooLargeError',
    });
    expect(lastRecord().collection).toBeNull();
  });

  it('rejects one oversized batch event in its slot', async () => {
    const response = await postJson(eventsUrl(mock), {
      mixed: [{ small: 1 }, { text: 'x'.repeat(900_000) }],
    });

    const body = await response.json();
    expect(response.status).toBe(200);
    expect(body.mixed[0]).toEqual({ success: true });
    expect(body.mixed[1].error.name).toBe('RequestEntityTooLargeError');
  });
});

describe('batch validation', () => {
  const invalidBatches: Array<[string, string]> = [
    ['invalid JSON', '{"a": ['],
    ['a list', '[{"a": 1}]'],
    ['null', 'null'],
    ['a non-list value', '{"a": {"b": 1}}'],
  ];
  for (const [name, body] of invalidBatches) {
    it(`rejects ${name}`, async () => {
      const response = await postJson(eventsUrl(mock), body);

      expect(await errorOf(response)).toEqual({ status: 400, errorCode: 'InvalidBatchError' });
      expect(lastRecord().outcome).toBe('rejected');
    });
  }

  it('rejects bad items in their slots', async () => {
    const response = await postJson(eventsUrl(mock), {
      good: [{ a: 1 }, 'not an object', { keen: { timestamp: 'nope' } }],
      $bad: [{ a: 1 }, { b: 2 }],
    });

    const body = await response.json();
    expect(body.good.map((slot: { success: boolean }) => slot.success)).toEqual([
      true,
      false,
      false,
    ]);
    expect(body.good[1].error.name).toBe('InvalidEventError');
    expect(body.good[2].error.name).toBe('InvalidPropertyValueError');
    expect(body.$bad.map((slot: { error: { name: string } }) => slot.error.name)).toEqual([
      'InvalidCollectionNameError',
      'InvalidCollectionNameError',
    ]);
  });

  it('stores only accepted batch events', async () => {
    await postJson(eventsUrl(mock), { 'stored-only': [{ n: 1 }, { 'n.m': 2 }, { n: 3 }] });

    const stored = mock.core.store.events('default', PROJECT_ID, 'stored-only');
    expect(stored.map((event) => event.n)).toEqual([1, 3]);
    const rejected = mock.core.journal.list('default', {
      collection: 'stored-only',
      outcome: 'rejected',
    });
    expect(rejected).toHaveLength(1);
  });

  it('reports the collection-name error first', async () => {
    const response = await postJson(eventsUrl(mock), { $x: [{ 'a.b': 1 }] });

    expect((await response.json()).$x[0].error.name).toBe('InvalidCollectionNameError');
  });
});
