import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { WRITE_KEY, eventsUrl, startTestMock, type TestMock } from './test-support.js';

let mock: TestMock;

beforeAll(async () => {
  mock = await startTestMock();
});

afterAll(async () => {
  await mock.close();
});

const ORIGIN = 'http://shop.test';

describe('preflight', () => {
  it('echoes the origin and requested headers', async () => {
    const response = await fetch(eventsUrl(mock, 'a'), {
      method: 'OPTIONS',
      headers: {
        Origin: ORIGIN,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type,keen-sdk,x-extra',
      },
    });

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-allow-methods')).toBe(
      'GET, POST, DELETE, OPTIONS, HEAD',
    );
    expect(response.headers.get('access-control-max-age')).toBe('86400');
    expect(response.headers.get('vary')).toBe('Origin');
    const allowed = response.headers
      .get('access-control-allow-headers')!
      .toLowerCase()
      .split(/,\s*/);
    expect(allowed).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'keen-sdk', 'x-extra']),
    );
    expect(allowed.filter((name) => name === 'content-type')).toHaveLength(1);
  });

  it('allows the base headers unasked', async () => {
    const response = await fetch(eventsUrl(mock, 'a'), { method: 'OPTIONS' });

    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(response.headers.get('access-control-allow-headers')).toBe(
      'Authorization, Content-Type, keen-sdk',
    );
  });

  it('needs no key or known path', async () => {
    const response = await fetch(`${mock.url}/3.0/projects/unknown/queries/count`, {
      method: 'OPTIONS',
      headers: { Origin: ORIGIN },
    });

    expect(response.status).toBe(204);
  });
});

describe('CORS on responses', () => {
  const cases: Array<[string, string, RequestInit]> = [
    [
      'success',
      'a',
      { method: 'POST', headers: { Origin: ORIGIN, Authorization: WRITE_KEY }, body: '{}' },
    ],
    [
      'auth error',
      'a',
      { method: 'POST', headers: { Origin: ORIGIN, Authorization: 'wrong' }, body: '{}' },
    ],
    [
      'validation error',
      'a',
      { method: 'POST', headers: { Origin: ORIGIN, Authorization: WRITE_KEY }, body: '[]' },
    ],
  ];
  for (const [name, collection, init] of cases) {
    it(`echoes the origin on ${name}`, async () => {
      const response = await fetch(eventsUrl(mock, collection), init);

      expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(response.headers.get('access-control-allow-credentials')).toBe('true');
      expect(response.headers.get('vary')).toBe('Origin');
    });
  }

  it('echoes the origin on unknown routes', async () => {
    const response = await fetch(`${mock.url}/nowhere`, { headers: { Origin: ORIGIN } });

    expect(response.status).toBe(404);
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });

  it('echoes the origin on the inspection API', async () => {
    const response = await fetch(`${mock.url}/mock/health`, { headers: { Origin: ORIGIN } });

    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });
});
