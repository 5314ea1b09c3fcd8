import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createMockCore } from './core.js';
import {
  MASTER_KEY,
  PROJECT_ID,
  READ_KEY,
  WRITE_KEY,
  encodeData,
  eventsUrl,
  postJson,
  startTestMock,
  type TestMock,
} from '../test-support.js';

let mock: TestMock;

beforeAll(async () => {
  mock = await startTestMock(['schema', 'delete', 'head']);
});

afterAll(async () => {
  await mock.close();
});

async function count(runId: string, collection: string): Promise<number> {
  const url = `${mock.url}/runs/${runId}/3.0/projects/${PROJECT_ID}/queries/count?event_collection=${encodeURIComponent(collection)}`;
  const response = await fetch(url, { headers: { Authorization: READ_KEY } });
  return (await response.json()).result;
}

describe('schema types', () => {
  it('names every type', async () => {
    await postJson(eventsUrl(mock, 'typed', 'schema'), {
      name: 'x',
      amount: 1.5,
      paid: false,
      seen_at: '2024-03-13T10:00:00.000Z',
      tags: ['a'],
      nested: { flag: true, none: null },
    });
    const response = await fetch(`${eventsUrl(mock, 'typed', 'schema')}?api_key=${MASTER_KEY}`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      properties: {
        name: 'string',
        amount: 'num',
        paid: 'bool',
        seen_at: 'datetime',
        tags: 'list',
        'nested.flag': 'bool',
        'keen.timestamp': 'datetime',
        'keen.created_at': 'datetime',
        'keen.id': 'string',
      },
    });
  });

  it('needs a master key', async () => {
    const response = await fetch(`${eventsUrl(mock, 'typed', 'schema')}?api_key=${READ_KEY}`);

    expect(response.status).toBe(401);
    expect((await response.json()).error_code).toBe('RequestForbiddenError');
  });
});

describe('HEAD', () => {
  it('records like GET without a body', async () => {
    const url = `${eventsUrl(mock, 'heads', 'head')}?api_key=${WRITE_KEY}&data=${encodeURIComponent(encodeData({ n: 1 }))}`;
    const response = await fetch(url, { method: 'HEAD' });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/gif');
    expect((await response.arrayBuffer()).byteLength).toBe(0);
    expect(await count('head', 'heads')).toBe(1);
  });

  it('answers a schema without a body', async () => {
    const response = await fetch(`${eventsUrl(mock, 'heads', 'head')}?api_key=${MASTER_KEY}`, {
      method: 'HEAD',
    });

    expect(response.status).toBe(200);
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });

  it('returns 404 on a query path', async () => {
    const response = await fetch(
      `${mock.url}/runs/head/3.0/projects/${PROJECT_ID}/queries/count?api_key=${READ_KEY}`,
      { method: 'HEAD' },
    );

    expect(response.status).toBe(404);
  });
});

describe('delete', () => {
  const url = (collection: string, query: string) =>
    `${eventsUrl(mock, collection, 'delete')}?${query}`;

  it('deletes within an absolute timeframe', async () => {
    await postJson(eventsUrl(mock, undefined, 'delete'), {
      dated: [
        { n: 1, keen: { timestamp: '2024-03-12T22:30:00.000Z' } },
        { n: 2, keen: { timestamp: '2024-03-13T09:00:00.000Z' } },
        { n: 3, keen: { timestamp: '2024-03-14T09:00:00.000Z' } },
      ],
    });
    // 13 March in UTC+2 runs from 2024-03-12T22:00Z to 2024-03-13T22:00Z.
    const timeframe = encodeURIComponent(
      JSON.stringify({ start: '2024-03-13T00:00:00+02:00', end: '2024-03-14T00:00:00+02:00' }),
    );
    const response = await fetch(url('dated', `timeframe=${timeframe}&timezone=7200`), {
      method: 'DELETE',
      headers: { Authorization: MASTER_KEY },
    });

    expect(response.status).toBe(204);
    expect(await count('delete', 'dated')).toBe(1);
  });

  it('deletes a whole collection', async () => {
    await postJson(eventsUrl(mock, undefined, 'delete'), { doomed: [{ n: 1 }, { n: 2 }] });
    const response = await fetch(url('doomed', `api_key=${MASTER_KEY}`), { method: 'DELETE' });

    expect(response.status).toBe(204);
    expect(await count('delete', 'doomed')).toBe(0);
  });

  it('needs a master key', async () => {
    await postJson(eventsUrl(mock, undefined, 'delete'), { kept: [{ n: 1 }] });
    const response = await fetch(url('kept', ''), {
      method: 'DELETE',
      headers: { Authorization: READ_KEY },
    });

    expect(response.status).toBe(401);
    expect((await response.json()).error_code).toBe('RequestForbiddenError');
    expect(await count('delete', 'kept')).toBe(1);
  });

  it('rejects an invalid filter', async () => {
    const filters = encodeURIComponent(
      JSON.stringify([{ property_name: 'n', operator: 'near', property_value: 1 }]),
    );
    const response = await fetch(url('kept', `filters=${filters}`), {
      method: 'DELETE',
      headers: { Authorization: MASTER_KEY },
    });

    expect(response.status).toBe(400);
    expect((await response.json()).error_code).toBe('InvalidQueryError');
  });
});

describe('schema endpoints switched off', () => {
  it('returns 404 for schema and delete', async () => {
    const core = createMockCore({ schemaEndpoints: false });
    core.registry.registerRun('default', [
      { projectId: 'p', keys: [{ key: 'm', kind: 'master' }] },
    ]);
    const request = (method: string, path: string) =>
      core.handle({
        method,
        path,
        query: '',
        headers: { authorization: 'm' },
        rawBody: Buffer.alloc(0),
        clientIp: '127.0.0.1',
      });

    expect(request('GET', '/3.0/projects/p/events').status).toBe(404);
    expect(request('GET', '/3.0/projects/p/events/c').status).toBe(404);
    expect(request('DELETE', '/3.0/projects/p/events/c').status).toBe(404);
    expect(request('POST', '/3.0/projects/p/events/c').status).toBe(400);
  });
});

describe('query requests', () => {
  const queryUrl = (type: string, runId = 'head') =>
    `${mock.url}/runs/${runId}/3.0/projects/${PROJECT_ID}/queries/${type}`;

  async function post(url: string, body: string, key: string | null = READ_KEY) {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (key !== null) headers.Authorization = key;
    const response = await fetch(url, { method: 'POST', headers, body });
    return { status: response.status, body: await response.json() };
  }

  it('lets the path choose the analysis', async () => {
    await postJson(eventsUrl(mock, undefined, 'head'), { answers: [{ n: 5 }, { n: 7 }] });
    const reply = await post(
      queryUrl('count'),
      JSON.stringify({ event_collection: 'answers', analysis_type: 'sum', target_property: 'n' }),
    );

    expect(reply).toEqual({ status: 200, body: { result: 2 } });
  });

  const invalid: Array<[string, string, string | null, number, string]> = [
    ['invalid JSON', '{"event_collection":', READ_KEY, 400, 'InvalidQueryError'],
    ['a JSON list', '["heads"]', READ_KEY, 400, 'InvalidQueryError'],
    ['no key', '{"event_collection":"heads"}', null, 401, 'InvalidApiKeyError'],
    [
      'another project key',
      '{"event_collection":"heads"}',
      'unknown-key',
      401,
      'InvalidApiKeyError',
    ],
  ];
  for (const [name, body, key, status, errorCode] of invalid) {
    it(`rejects ${name}`, async () => {
      const reply = await post(queryUrl('count'), body, key);

      expect(reply.status).toBe(status);
      expect(reply.body.error_code).toBe(errorCode);
    });
  }

  it('rejects an unknown project before the key', async () => {
    const url = `${mock.url}/runs/head/3.0/projects/no-such-project/queries/count`;
    const reply = await post(url, '{"event_collection":"heads"}', null);

    expect(reply.status).toBe(404);
    expect(reply.body.error_code).toBe('ResourceNotFoundError');
  });
});
