import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
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

function lastRecords(count: number) {
  return mock.core.journal.list('default').slice(-count);
}

describe('single POST', () => {
  it('returns 201 created', async () => {
    const response = await postJson(eventsUrl(mock, 'purchases'), { item: 'book' });

    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({ created: true });
    const [record] = lastRecords(1);
    expect(record.transport).toBe('post');
    expect(record.collection).toBe('purchases');
    expect(record.body).toEqual({ item: 'book' });
    expect(record.keyLocation).toBe('header');
    expect(record.keyKind).toBe('write');
    expect(record.status).toBe(201);
  });

  it('decodes a percent-encoded collection once', async () => {
    await fetch(`${mock.url}/3.0/projects/project-1/events/page%20views.v2+x`, {
      method: 'POST',
      headers: { Authorization: WRITE_KEY },
      body: '{}',
    });

    expect(lastRecords(1)[0].collection).toBe('page views.v2+x');
  });

  it('accepts any content type and a byte-order mark', async () => {
    const response = await fetch(eventsUrl(mock, 'bom'), {
      method: 'POST',
      headers: { Authorization: WRITE_KEY, 'Content-Type': 'application/octet-stream' },
      body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":"é"}')]),
    });

    expect(response.status).toBe(201);
    expect(lastRecords(1)[0].body).toEqual({ a: 'é' });
  });
});

describe('batch POST', () => {
  it('returns one result per event in order', async () => {
    const response = await postJson(eventsUrl(mock), {
      signups: [{ plan: 'free' }],
      purchases: [{ price: 1 }, { 'bad.name': 2 }, { price: 3 }],
    });

    expect(response.status).toBe(200);
    const body = await response.json();
    expect(Object.keys(body)).toEqual(['signups', 'purchases']);
    expect(body.signups).toEqual([{ success: true }]);
    expect(body.purchases[0]).toEqual({ success: true });
    expect(body.purchases[1].success).toBe(false);
    expect(body.purchases[1].error.name).toBe('InvalidPropertyNameError');
    expect(body.purchases[2]).toEqual({ success: true });
  });

  it('journals one record per event', async () => {
    await postJson(eventsUrl(mock), { a: [{ n: 1 }, { n: 2 }], b: [{ n: 3 }] });

    const records = lastRecords(3);
    expect(records.map((record) => record.collection)).toEqual(['a', 'a', 'b']);
    expect(new Set(records.map((record) => record.requestId)).size).toBe(1);
    expect(records.every((record) => record.transport === 'batch' && record.status === 200)).toBe(
      true,
    );
  });

  it('keeps collections with no events', async () => {
    const response = await postJson(eventsUrl(mock), { empty: [], one: [{}] });

    expect(await response.json()).toEqual({ empty: [], one: [{ success: true }] });
  });

  it('returns {} for an empty batch', async () => {
    const response = await postJson(eventsUrl(mock), {});

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
  });

  it('accepts 5,000 events', async () => {
    const events = Array.from({ length: 5_000 }, (_, index) => ({ index }));
    const response = await postJson(eventsUrl(mock), { bulk: events });

    const body = await response.json();
    expect(body.bulk).toHaveLength(5_000);
    expect(body.bulk.every((result: { success: boolean }) => result.success)).toBe(true);
  });
});

describe('GET with data', () => {
  const event = { page: '/home', title: 'Hé ✓' };

  it('calls the JSONP callback', async () => {
    const url = `${eventsUrl(mock, 'pageviews')}?api_key=${WRITE_KEY}&data=${encodeURIComponent(encodeData(event))}&modified=1&jsonp=keenJSONPCallback17`;
    const response = await fetch(url);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-store, must-revalidate');
    expect(await response.text()).toBe('keenJSONPCallback17({"created":true});');
    const [record] = lastRecords(1);
    expect(record.transport).toBe('jsonp');
    expect(record.body).toEqual(event);
    expect(record.keyLocation).toBe('query');
  });

  it('passes errors to the JSONP callback with 200', async () => {
    const url = `${eventsUrl(mock, 'pageviews')}?api_key=wrong&data=${encodeURIComponent(encodeData(event))}&jsonp=cb`;
    const response = await fetch(url);

    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text.startsWith('cb({')).toBe(true);
    expect(JSON.parse(text.slice(3, -2)).error_code).toBe('InvalidApiKeyError');
    const [record] = lastRecords(1);
    expect(record.outcome).toBe('rejected');
    expect(record.status).toBe(401);
  });

  it('rejects an invalid JSONP callback', async () => {
    const url = `${eventsUrl(mock, 'pageviews')}?api_key=${WRITE_KEY}&data=${encodeURIComponent(encodeData(event))}&jsonp=alert(1)`;
    const response = await fetch(url);

    expect(response.status).toBe(400);
    expect((await response.json()).error_code).toBe('InvalidEventError');
    expect(lastRecords(1)[0].stored).toBeNull();
  });

  for (const query of ['c=clv1', 'modified=5']) {
    it(`returns a GIF for ${query}`, async () => {
      const url = `${eventsUrl(mock, 'pixels')}?api_key=${WRITE_KEY}&data=${encodeURIComponent(encodeData(event))}&${query}`;
      const response = await fetch(url);

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/gif');
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.length).toBe(43);
      expect(bytes.subarray(0, 6).toString('latin1')).toBe('GIF89a');
      expect(lastRecords(1)[0].transport).toBe('image');
    });
  }

  it('answers a failed image request with JSON', async () => {
    const url = `${eventsUrl(mock, 'pixels')}?data=${encodeURIComponent(encodeData(event))}&c=clv1`;
    const response = await fetch(url);

    expect(response.status).toBe(401);
    expect((await response.json()).error_code).toBe('InvalidApiKeyError');
  });

  it('redirects with 302', async () => {
    const target = 'https://shop.test/landing?x=1';
    const url = `${eventsUrl(mock, 'clicks')}?api_key=${WRITE_KEY}&data=${encodeURIComponent(encodeData(event))}&redirect=${encodeURIComponent(target)}`;
    const response = await fetch(url, { redirect: 'manual' });

    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(target);
    expect(lastRecords(1)[0].transport).toBe('redirect');
  });

  it('rejects a redirect that is not an http URL', async () => {
    const url = `${eventsUrl(mock, 'clicks')}?api_key=${WRITE_KEY}&data=${encodeURIComponent(encodeData(event))}&redirect=javascript:alert(1)`;
    const response = await fetch(url, { redirect: 'manual' });

    expect(response.status).toBe(400);
    expect((await response.json()).error_code).toBe('InvalidEventError');
  });

  it('answers HEAD like GET without a body', async () => {
    const url = `${eventsUrl(mock, 'pixels')}?api_key=${WRITE_KEY}&data=${encodeURIComponent(encodeData(event))}`;
    const response = await fetch(url, { method: 'HEAD' });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/gif');
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });
});

describe('data parameter', () => {
  const event = { text: 'ü?>>~~ ÿ', n: 12345 };
  const standard = encodeData(event);
  const cases: Array<[string, string]> = [
    ['standard alphabet', encodeURIComponent(standard)],
    ['URL-safe alphabet', standard.replace(/\+/g, '-').replace(/\//g, '_')],
    ['missing padding', encodeURIComponent(standard.replace(/=+$/, ''))],
    ['unencoded plus signs', standard],
  ];

  it('has plus, slash and padding in its test input', () => {
    expect(standard).toMatch(/\+/);
    expect(standard).toMatch(/\//);
    expect(standard).toMatch(/=$/);
  });

  for (const [name, data] of cases) {
    it(`decodes the ${name}`, async () => {
      const response = await fetch(
        `${eventsUrl(mock, 'decoding')}?api_key=${WRITE_KEY}&data=${data}`,
      );

      expect(response.status).toBe(200);
      expect(lastRecords(1)[0].body).toEqual(event);
    });
  }

  const invalid: Array<[string, string]> = [
    ['empty', 'data='],
    ['not base64', 'data=%%%%'],
    [
      'base64 of invalid JSON',
      `data=${encodeURIComponent(Buffer.from('{nope').toString('base64'))}`,
    ],
    ['base64 of a list', `data=${encodeURIComponent(Buffer.from('[1]').toString('base64'))}`],
  ];
  for (const [name, query] of invalid) {
    it(`rejects data ${name}`, async () => {
      const response = await fetch(
        `${eventsUrl(mock, 'decoding')}?api_key=${WRITE_KEY}&c=clv1&${query}`,
      );

      expect(response.status).toBe(400);
      expect((await response.json()).error_code).toBe('InvalidEventError');
    });
  }

  it('treats a GET without data as the schema endpoint', async () => {
    const recordCount = mock.core.journal.list('default').length;
    const response = await fetch(`${eventsUrl(mock, 'decoding')}?api_key=${WRITE_KEY}&c=clv1`);

    expect(response.status).toBe(401);
    expect((await response.json()).error_code).toBe('RequestForbiddenError');
    expect(mock.core.journal.list('default')).toHaveLength(recordCount);
  });
});

describe('sendBeacon POST', () => {
  it('records a text/plain single event', async () => {
    const response = await fetch(`${eventsUrl(mock, 'clicks')}?api_key=${WRITE_KEY}`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify({ element: 'a' }),
    });

    expect(response.status).toBe(201);
    const [record] = lastRecords(1);
    expect(record.transport).toBe('beacon');
    expect(record.keyLocation).toBe('query');
  });

  it('records a text/plain batch', async () => {
    const response = await fetch(`${eventsUrl(mock)}?api_key=${WRITE_KEY}`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify({ clicks: [{ element: 'b' }] }),
    });

    expect(response.status).toBe(200);
    expect(lastRecords(1)[0].transport).toBe('beacon-batch');
  });
});
