import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { FaultRuleError } from '../core/faults.js';
import { createKeenMock } from './index.js';

const PROJECT_ID = 'unit-project';
const WRITE_KEY = 'unit-write-key';
const EVENTS_URL = `https://api.keen.io/3.0/projects/${PROJECT_ID}/events`;

const keen = createKeenMock({
  projects: [{ projectId: PROJECT_ID, keys: [{ key: WRITE_KEY, kind: 'write' }] }],
});
const proxied = createKeenMock({
  baseUrls: ['http://keen.test/proxy/3.0'],
  registry: 'permissive',
  clientIp: '203.0.113.9',
});
const server = setupServer(...keen.handlers, ...proxied.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  keen.reset();
  proxied.reset();
});
afterAll(() => server.close());

function post(collection: string, event: unknown, key: string = WRITE_KEY): Promise<Response> {
  return fetch(`${EVENTS_URL}/${encodeURIComponent(collection)}`, {
    method: 'POST',
    headers: { Authorization: key, 'Content-Type': 'application/json' },
    body: JSON.stringify(event),
  });
}

describe('createKeenMock', () => {
  it('records a write', async () => {
    const response = await post('purchases', { price: 12 });

    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ created: true });
    const [record] = keen.records();
    expect(record.collection).toBe('purchases');
    expect(record.stored?.price).toBe(12);
  });

  it('filters records', async () => {
    await post('a', { n: 1 });
    await post('b', { n: 2 });
    await post('a', { n: 3 }, 'not-a-key');

    expect(keen.records({ collection: 'a' }).map((record) => record.outcome)).toEqual([
      'accepted',
      'rejected',
    ]);
    expect(keen.records({ outcome: 'accepted' }).map((record) => record.collection)).toEqual([
      'a',
      'b',
    ]);
  });

  it('waits for a later write', async () => {
    const waiting = keen.waitFor({ collection: 'later', count: 2 });
    await post('later', { n: 1 });
    await post('later', { n: 2 });

    const result = await waiting;
    expect(result.satisfied).toBe(true);
    expect(result.records.map((record) => record.body)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('reports an unsatisfied wait', async () => {
    await post('present', { n: 1 });

    const result = await keen.waitFor({ collection: 'absent', timeoutMs: 0 });
    expect(result).toEqual({ satisfied: false, records: [] });
  });

  it('keeps projects across reset', async () => {
    await post('before', { n: 1 });
    keen.reset();

    expect(keen.records()).toEqual([]);
    expect((await post('after', { n: 2 })).status).toBe(201);
  });

  it('injects a fault a number of times', async () => {
    const fault = keen.injectFault({
      match: { collection: 'flaky' },
      status: 503,
      error_code: 'ServiceUnavailableError',
      times: 1,
    });

    const first = await post('flaky', { try: 1 });
    const second = await post('flaky', { try: 2 });

    expect(first.status).toBe(503);
    expect(await first.json()).toMatchObject({ error_code: 'ServiceUnavailableError' });
    expect(second.status).toBe(201);
    expect(fault.remaining).toBe(0);
    expect(keen.records().map((record) => [record.outcome, record.status])).toEqual([
      ['rejected', 503],
      ['accepted', 201],
    ]);
  });

  it('keeps counts when adding a fault', async () => {
    const first = keen.injectFault({
      match: { collection: 'x' },
      status: 500,
      error_code: 'InternalServerError',
      times: 2,
    });
    await post('x', {});
    keen.injectFault({
      match: { collection: 'y' },
      status: 500,
      error_code: 'InternalServerError',
    });

    expect(first.remaining).toBe(1);
  });

  it('drops the connection', async () => {
    keen.injectFault({ match: { collection: 'dropped' }, dropConnection: true });

    await expect(post('dropped', { n: 1 })).rejects.toThrow(TypeError);
    expect(keen.records()[0].outcome).toBe('rejected');
  });

  it('delays a reply', async () => {
    keen.injectFault({ match: { collection: 'slow' }, delayMs: 500 });
    const finished: string[] = [];

    const slow = post('slow', { n: 1 }).then(() => finished.push('slow'));
    await post('fast', { n: 2 });
    finished.push('fast');
    await slow;

    expect(finished).toEqual(['fast', 'slow']);
    expect(keen.records({ collection: 'slow' })[0].outcome).toBe('accepted');
  });

  it('clears faults', async () => {
    keen.injectFault({ status: 500, error_code: 'InternalServerError' });
    keen.clearFaults();

    expect((await post('cleared', {})).status).toBe(201);
  });

  it('rejects an invalid fault rule', () => {
    expect(() => keen.injectFault({ match: { collection: 'x' } })).toThrow(FaultRuleError);
  });

  it('serves a configured base URL', async () => {
    const response = await fetch('http://keen.test/proxy/3.0/projects/any/events/visits', {
      method: 'POST',
      headers: { Authorization: 'any-key' },
      body: '{"ip":"${keen.ip}"}',
    });

    expect(response.status).toBe(201);
    expect(proxied.records()[0].stored?.ip).toBe('203.0.113.9');
    expect(keen.records()).toEqual([]);
  });
});
