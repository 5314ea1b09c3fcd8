import { afterEach, describe, expect, it } from 'vitest';

import { buildEventsUrl, checkResponse, sendWrite, sendWrites } from './keen-client.js';
import type { KeenEndpoint, SendOptions } from './keen-client.js';
import type { KeenWrite } from './mapping.js';
import { startScriptedKeen } from './testing/scripted-keen.js';
import type { ScriptedKeen, ScriptedReply } from './testing/scripted-keen.js';

const WRITE: KeenWrite = {
  collection: 'Purchased',
  event: { item: 'T-Shirt', keen: { timestamp: new Date('2014-01-01T00:00:00Z'), addons: [] } },
};
const WRITE_KEY = 'w'.repeat(32);
const FAILED_ITEM = {
  Purchased: [
    { success: false, error: { name: 'InvalidPropertyNameError', description: 'bad name' } },
  ],
};

let keen: ScriptedKeen | undefined;
afterEach(async () => {
  await keen?.close();
  keen = undefined;
});

function options(lines: string[] = []): SendOptions {
  return { retry: { maxRetries: 2, baseDelayMs: 0 }, log: (line) => lines.push(line) };
}

async function start(replies: ScriptedReply[]): Promise<KeenEndpoint> {
  keen = await startScriptedKeen(replies);
  return { baseUrl: keen.baseUrl, projectId: 'p'.repeat(24), writeKey: WRITE_KEY };
}

describe('buildEventsUrl', () => {
  it('puts the write key in the query', () => {
    const url = buildEventsUrl({
      baseUrl: 'http://127.0.0.1:1/3.0/',
      projectId: 'abc',
      writeKey: 'k&y=1 z',
    });
    expect(url).toBe('http://127.0.0.1:1/3.0/projects/abc/events?api_key=k%26y%3D1%20z');
  });
});

describe('checkResponse', () => {
  it('accepts all items succeeded', () => {
    expect(checkResponse(200, '{"Purchased":[{"success":true}]}')).toBeNull();
  });

  it.each([
    ['not JSON', 'oops'],
    ['empty body', ''],
    ['empty object', '{}'],
    ['first value not array', '{"created":true}'],
    ['JSON array', '[]'],
  ])('rejects %s as bad response', (_case, body) => {
    expect(checkResponse(200, body)).toEqual({ message: 'received bad response', retryable: true });
  });

  it('reads only the first key', () => {
    expect(checkResponse(200, '{"A":[{"success":true}],"B":"x"}')).toBeNull();
  });

  it('reports the first failed item', () => {
    const body = {
      P: [
        { success: true },
        { success: false, error: { name: 'First', description: 'one' } },
        { success: false, error: { name: 'Second' } },
      ],
    };
    expect(checkResponse(200, JSON.stringify(body))).toEqual({
      errorName: 'First',
      message: 'Keen rejected the event: one',
      retryable: true,
    });
  });

  it.each([429, 500, 502, 503, 504])('retries status %i', (status) => {
    expect(checkResponse(status, '{}')).toMatchObject({ status, retryable: true });
  });

  it.each([400, 401, 403, 404, 413, 501, 302])('does not retry status %i', (status) => {
    expect(checkResponse(status, '{}')).toMatchObject({ status, retryable: false });
  });
});

describe('sendWrite', () => {
  it('posts one-event batch with headers', async () => {
    const endpoint = await start([]);
    expect(await sendWrite(WRITE, endpoint, options())).toEqual({ failure: null, attempts: 1 });

    const [request] = keen!.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe(`/3.0/projects/${'p'.repeat(24)}/events`);
    expect(request.query).toEqual({ api_key: WRITE_KEY });
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['user-agent']).toBe('Segment.io/1.0');
    expect(request.headers.authorization).toBeUndefined();
    expect(JSON.parse(request.rawBody)).toEqual({
      Purchased: [{ item: 'T-Shirt', keen: { timestamp: '2014-01-01T00:00:00.000Z', addons: [] } }],
    });
  });

  it('retries 500 then succeeds', async () => {
    const endpoint = await start([{ status: 500, body: {} }]);
    expect(await sendWrite(WRITE, endpoint, options())).toEqual({ failure: null, attempts: 2 });
    expect(keen!.requests).toHaveLength(2);
  });

  it('gives up after two retries', async () => {
    const lines: string[] = [];
    const endpoint = await start([
      { status: 429, body: {} },
      { status: 429, body: {} },
      { status: 429, body: {} },
      { status: 200 },
    ]);
    const result = await sendWrite(WRITE, endpoint, options(lines));
    expect(result.attempts).toBe(3);
    expect(result.failure).toMatchObject({ status: 429 });
    expect(keen!.requests).toHaveLength(3);
    expect(lines).toHaveLength(3);
  });

  it('sends 400 once', async () => {
    const endpoint = await start([
      { status: 400, body: { message: 'bad', error_code: 'InvalidEventError' } },
    ]);
    const result = await sendWrite(WRITE, endpoint, options());
    expect(result).toMatchObject({ attempts: 1, failure: { status: 400 } });
    expect(keen!.requests).toHaveLength(1);
  });

  it('retries a failed batch item', async () => {
    const endpoint = await start([
      { status: 200, body: FAILED_ITEM },
      { status: 200, body: FAILED_ITEM },
      { status: 200, body: FAILED_ITEM },
    ]);
    const result = await sendWrite(WRITE, endpoint, options());
    expect(result).toMatchObject({
      attempts: 3,
      failure: { errorName: 'InvalidPropertyNameError' },
    });
    expect(result.failure?.status).toBeUndefined();
    expect(keen!.requests).toHaveLength(3);
  });

  it('retries a bad response', async () => {
    const endpoint = await start([{ status: 200, rawBody: 'not json' }]);
    expect(await sendWrite(WRITE, endpoint, options())).toEqual({ failure: null, attempts: 2 });
  });

  it('retries a dropped connection', async () => {
    const endpoint = await start(['destroy', 'destroy']);
    expect(await sendWrite(WRITE, endpoint, options())).toEqual({ failure: null, attempts: 3 });
    expect(keen!.requests).toHaveLength(3);
  });

  it('reports a refused connection', async () => {
    const endpoint = await start([]);
    await keen!.close();
    keen = undefined;
    const lines: string[] = [];
    const result = await sendWrite(WRITE, endpoint, options(lines));
    expect(result).toMatchObject({
      attempts: 3,
      failure: { errorName: 'ECONNREFUSED', retryable: true },
    });
    expect(lines.join('\n')).not.toContain(WRITE_KEY);
  });

  it('does not follow redirects', async () => {
    const endpoint = await start([
      { status: 302, rawBody: '', headers: { Location: '/elsewhere' } },
    ]);
    const result = await sendWrite(WRITE, endpoint, options());
    expect(result).toMatchObject({ attempts: 1, failure: { status: 302 } });
    expect(keen!.requests).toHaveLength(1);
  });

  it('honours maxRetries', async () => {
    const endpoint = await start([{ status: 503, body: {} }]);
    const result = await sendWrite(WRITE, endpoint, {
      ...options(),
      retry: { maxRetries: 0, baseDelayMs: 0 },
    });
    expect(result).toMatchObject({ attempts: 1, failure: { status: 503 } });
  });
});

describe('sendWrites', () => {
  it('sends in order and attempts all', async () => {
    const endpoint = await start([{ status: 404, body: {} }]);
    const writes = ['First', 'Second', 'Third'].map((collection) => ({ collection, event: {} }));
    const result = await sendWrites(writes, endpoint, options());
    expect(result).toMatchObject({ attempts: 3, failure: { status: 404 } });
    expect(keen!.requests.map((request) => Object.keys(JSON.parse(request.rawBody))[0])).toEqual([
      'First',
      'Second',
      'Third',
    ]);
  });

  it('keeps the first failure', async () => {
    const endpoint = await start([
      { status: 200 },
      { status: 401, body: {} },
      { status: 404, body: {} },
    ]);
    const writes = ['A', 'B', 'C'].map((collection) => ({ collection, event: {} }));
    expect((await sendWrites(writes, endpoint, options())).failure).toMatchObject({ status: 401 });
  });
});
