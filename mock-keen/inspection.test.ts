import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MockKeenClient } from './client.js';
import {
  PROJECT,
  WRITE_KEY,
  eventsUrl,
  postJson,
  startTestMock,
  type TestMock,
} from './test-support.js';

let mock: TestMock;
let client: MockKeenClient;

beforeAll(async () => {
  mock = await startTestMock([]);
  client = new MockKeenClient(mock.url);
});

afterAll(async () => {
  await mock.close();
});

describe('run registration', () => {
  it('registers a run over HTTP', async () => {
    await client.registerRun('reg-1', [PROJECT]);

    const response = await postJson(eventsUrl(mock, 'a', 'reg-1'), {});
    expect(response.status).toBe(201);
  });

  it('returns 201 with the run id', async () => {
    const response = await fetch(`${mock.url}/mock/runs/reg-2`, {
      method: 'PUT',
      body: JSON.stringify({ projects: [PROJECT] }),
    });

    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ runId: 'reg-2' });
  });

  it('rejects an invalid run body', async () => {
    const response = await fetch(`${mock.url}/mock/runs/reg-3`, {
      method: 'PUT',
      body: JSON.stringify({ projects: [{ projectId: 'p', keys: [{ key: 'k', kind: 'admin' }] }] }),
    });

    expect(response.status).toBe(400);
    expect((await response.json()).message).toContain('/projects/0/keys/0/kind');
  });

  it('rejects a body that is not JSON', async () => {
    const response = await fetch(`${mock.url}/mock/runs/reg-3`, { method: 'PUT', body: '{' });

    expect(response.status).toBe(400);
  });

  it('rejects an invalid run id', async () => {
    const response = await fetch(`${mock.url}/mock/runs/bad%20id/records`);

    expect(response.status).toBe(400);
  });

  it('keeps records when re-registered', async () => {
    await client.registerRun('reg-4', [PROJECT]);
    await postJson(eventsUrl(mock, 'a', 'reg-4'), {});
    await client.registerRun('reg-4', []);

    expect(await client.records('reg-4')).toHaveLength(1);
    expect((await postJson(eventsUrl(mock, 'a', 'reg-4'), {})).status).toBe(404);
  });
});

describe('records', () => {
  beforeAll(async () => {
    await client.registerRun('list', [PROJECT]);
    await postJson(eventsUrl(mock, undefined, 'list'), {
      views: [{ n: 1 }, { 'bad.name': 1 }],
      clicks: [{ n: 2 }],
    });
  });

  it('lists records in receive order', async () => {
    const records = await client.records('list');

    expect(records.map((record) => record.collection)).toEqual(['views', 'views', 'clicks']);
    expect(records[0].seq).toBeLessThan(records[1].seq);
    expect(records.every((record) => record.runId === 'list')).toBe(true);
  });

  it('filters by collection', async () => {
    const records = await client.records('list', { collection: 'clicks' });

    expect(records).toHaveLength(1);
    expect(records[0].body).toEqual({ n: 2 });
  });

  it('filters by outcome', async () => {
    const records = await client.records('list', { outcome: 'rejected' });

    expect(records).toHaveLength(1);
    expect(records[0].errorCode).toBe('InvalidPropertyNameError');
  });

  it('filters by sequence number', async () => {
    const all = await client.records('list');
    const records = await client.records('list', { since: all[0].seq });

    expect(records.map((record) => record.seq)).toEqual([all[1].seq, all[2].seq]);
  });

  it('rejects an unknown outcome', async () => {
    const response = await fetch(`${mock.url}/mock/runs/list/records?outcome=maybe`);

    expect(response.status).toBe(400);
    expect((await response.json()).message).toContain('outcome');
  });
});

describe('namespaces', () => {
  it('isolates runs from each other', async () => {
    await client.registerRun('iso-a', [PROJECT]);
    await client.registerRun('iso-b', [PROJECT]);
    await postJson(eventsUrl(mock, 'only-a', 'iso-a'), { run: 'a' });
    await postJson(eventsUrl(mock, 'only-b', 'iso-b'), { run: 'b' });

    const recordsA = await client.records('iso-a');
    const recordsB = await client.records('iso-b');
    expect(recordsA.map((record) => record.collection)).toEqual(['only-a']);
    expect(recordsB.map((record) => record.collection)).toEqual(['only-b']);
  });

  it('maps unprefixed paths to the default run', async () => {
    await client.registerRun('default', [PROJECT]);
    await postJson(eventsUrl(mock, 'unprefixed'), {});

    const records = await client.records('default', { collection: 'unprefixed' });
    expect(records).toHaveLength(1);
    expect(records[0].path).toBe('/3.0/projects/project-1/events/unprefixed');
  });

  it('records the path without the run prefix', async () => {
    await client.registerRun('prefixed', [PROJECT]);
    await postJson(eventsUrl(mock, 'x', 'prefixed'), {});

    expect((await client.records('prefixed'))[0].path).toBe('/3.0/projects/project-1/events/x');
  });

  it('needs projects registered per run', async () => {
    await client.registerRun('registered', [PROJECT]);

    const response = await postJson(eventsUrl(mock, 'x', 'unregistered'), {});
    expect(response.status).toBe(404);
  });
});

describe('wait', () => {
  it('returns at once when satisfied', async () => {
    await client.registerRun('wait-now', [PROJECT]);
    await postJson(eventsUrl(mock, 'done', 'wait-now'), {});

    const result = await client.waitFor('wait-now', { collection: 'done', timeoutMs: 60_000 });
    expect(result.satisfied).toBe(true);
    expect(result.records).toHaveLength(1);
  });

  it('returns when a later write arrives', async () => {
    await client.registerRun('wait-later', [PROJECT]);
    const waiting = client.waitFor('wait-later', {
      count: 2,
      collection: 'sentinel',
      timeoutMs: 60_000,
    });
    await postJson(eventsUrl(mock, 'other', 'wait-later'), {});
    await postJson(eventsUrl(mock, 'sentinel', 'wait-later'), { n: 1 });
    await postJson(eventsUrl(mock, 'sentinel', 'wait-later'), { n: 2 });

    const result = await waiting;
    expect(result.satisfied).toBe(true);
    expect(result.records.map((record) => record.body)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('counts only the requested outcome', async () => {
    await client.registerRun('wait-outcome', [PROJECT]);
    const waiting = client.waitFor('wait-outcome', { outcome: 'rejected', timeoutMs: 60_000 });
    await postJson(eventsUrl(mock, 'ok', 'wait-outcome'), {});
    await postJson(eventsUrl(mock, 'ok', 'wait-outcome'), { 'bad.name': 1 });

    const result = await waiting;
    expect(result.satisfied).toBe(true);
    expect(result.records).toHaveLength(1);
    expect(result.records[0].errorCode).toBe('InvalidPropertyNameError');
  });

  it('reports unsatisfied at the timeout', async () => {
    await client.registerRun('wait-timeout', [PROJECT]);
    await postJson(eventsUrl(mock, 'one', 'wait-timeout'), {});

    const result = await client.waitFor('wait-timeout', { count: 2, timeoutMs: 50 });
    expect(result.satisfied).toBe(false);
    expect(result.records).toHaveLength(1);
  });

  it('rejects a timeout over 60000', async () => {
    const response = await fetch(`${mock.url}/mock/runs/x/wait?timeout=60001`);

    expect(response.status).toBe(400);
    expect((await response.json()).message).toContain('timeout');
  });

  it('ends a wait when its signal aborts', async () => {
    const controller = new AbortController();
    const waiting = mock.core.journal.wait('wait-abort', {}, 1, 60_000, controller.signal);
    expect(mock.core.journal.pendingWaits('wait-abort')).toBe(1);
    controller.abort();

    expect(await waiting).toEqual({ satisfied: false, records: [] });
    expect(mock.core.journal.pendingWaits('wait-abort')).toBe(0);
  });
});

describe('reset', () => {
  it('drops records, events and projects', async () => {
    await client.registerRun('reset', [PROJECT]);
    await postJson(eventsUrl(mock, 'gone', 'reset'), {});
    await client.resetRun('reset');

    expect(await client.records('reset')).toEqual([]);
    expect(mock.core.store.events('reset', PROJECT.projectId, 'gone')).toEqual([]);
    expect((await postJson(eventsUrl(mock, 'gone', 'reset'), {})).status).toBe(404);
  });

  it('returns 204', async () => {
    const response = await fetch(`${mock.url}/mock/runs/reset`, { method: 'DELETE' });

    expect(response.status).toBe(204);
  });
});

describe('inspection API', () => {
  it('reports health', async () => {
    const response = await fetch(`${mock.url}/mock/health`);

    expect(await response.json()).toEqual({ ok: true });
  });

  it('lists supported paths on 404', async () => {
    const response = await fetch(`${mock.url}/mock/unknown`);

    expect(response.status).toBe(404);
    const body = await response.json();
    expect(body.error_code).toBe('ResourceNotFoundError');
    expect(body.supported).toContain('GET /mock/health');
  });

  it('never returns keys in records', async () => {
    await client.registerRun('keys', [PROJECT]);
    await postJson(eventsUrl(mock, 'k', 'keys'), {}, WRITE_KEY);

    const text = await (await fetch(`${mock.url}/mock/runs/keys/records`)).text();
    expect(text).not.toContain(WRITE_KEY);
  });
});
