import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MockKeenClient } from './client.js';
import type { FaultRule } from './core/faults.js';
import {
  PROJECT,
  PROJECT_ID,
  WRITE_KEY,
  encodeData,
  eventsUrl,
  postJson,
  startTestMock,
  type TestMock,
} from './test-support.js';

let mock: TestMock;
let client: MockKeenClient;
let runCount = 0;

beforeAll(async () => {
  mock = await startTestMock([]);
  client = new MockKeenClient(mock.url);
});

afterAll(async () => {
  await mock.close();
});

/** Register a fresh run with the test project and the given fault rules; return its id. */
async function runWithFaults(faults: FaultRule[]): Promise<string> {
  runCount += 1;
  const runId = `faults-${runCount}`;
  await client.registerRun(runId, [PROJECT]);
  await client.setFaults(runId, faults);
  return runId;
}

function postBatch(runId: string, batch: Record<string, unknown[]>): Promise<Response> {
  return postJson(eventsUrl(mock, undefined, runId), batch);
}

describe('fault rules over the inspection API', () => {
  it('lists installed rules with their counts', async () => {
    const runId = await runWithFaults([
      { status: 500, error_code: 'InternalServerError', times: 2 },
    ]);

    expect(await client.faults(runId)).toEqual([
      { rule: { status: 500, error_code: 'InternalServerError', times: 2 }, remaining: 2 },
    ]);
  });

  it('rejects a rule without an effect', async () => {
    const response = await fetch(`${mock.url}/mock/runs/faults-bad/faults`, {
      method: 'PUT',
      body: JSON.stringify([{ match: { method: 'POST' } }]),
    });

    expect(response.status).toBe(400);
    expect((await response.json()).message).toContain('Each rule needs');
  });

  it('rejects an error reply without error_code', async () => {
    const response = await fetch(`${mock.url}/mock/runs/faults-bad/faults`, {
      method: 'PUT',
      body: JSON.stringify([{ status: 503 }]),
    });

    expect(response.status).toBe(400);
  });

  it('rejects a body that is not a list', async () => {
    const response = await fetch(`${mock.url}/mock/runs/faults-bad/faults`, {
      method: 'PUT',
      body: JSON.stringify({ status: 500, error_code: 'InternalServerError' }),
    });

    expect(response.status).toBe(400);
  });

  it('removes rules with DELETE', async () => {
    const runId = await runWithFaults([{ status: 500, error_code: 'InternalServerError' }]);
    await fetch(`${mock.url}/mock/runs/${runId}/faults`, { method: 'DELETE' });

    expect(await client.faults(runId)).toEqual([]);
    expect((await postBatch(runId, { a: [{}] })).status).toBe(200);
  });

  it('drops rules with the run', async () => {
    const runId = await runWithFaults([{ status: 500, error_code: 'InternalServerError' }]);
    await client.resetRun(runId);

    expect(await client.faults(runId)).toEqual([]);
  });
});

describe('injected error replies', () => {
  it('replies once with the status, then normally', async () => {
    const runId = await runWithFaults([
      { status: 500, error_code: 'InternalServerError', times: 1 },
    ]);

    const first = await postBatch(runId, { a: [{ n: 1 }] });
    const second = await postBatch(runId, { a: [{ n: 1 }] });

    expect(first.status).toBe(500);
    expect((await first.json()).error_code).toBe('InternalServerError');
    expect(second.status).toBe(200);
    expect(await client.faults(runId)).toEqual([expect.objectContaining({ remaining: 0 })]);
  });

  it('journals the injected reply as rejected', async () => {
    const runId = await runWithFaults([
      { status: 503, error_code: 'ServiceUnavailableError', times: 1 },
    ]);
    await postBatch(runId, { a: [{ n: 1 }, { n: 2 }] });
    await postBatch(runId, { a: [{ n: 3 }] });

    const records = await client.records(runId);
    expect(
      records.map((record) => [record.outcome, record.status, record.errorCode, record.body]),
    ).toEqual([
      ['rejected', 503, 'ServiceUnavailableError', { n: 1 }],
      ['rejected', 503, 'ServiceUnavailableError', { n: 2 }],
      ['accepted', 200, null, { n: 3 }],
    ]);
    expect(records[0].stored).toBeNull();
    expect(records[0].requestId).toBe(records[1].requestId);
    expect(records[0]).toMatchObject({
      transport: 'batch',
      keyLocation: 'header',
      keyKind: 'write',
      projectId: PROJECT_ID,
    });
  });

  it('keeps the key out of the journal', async () => {
    const runId = await runWithFaults([{ status: 500, error_code: 'InternalServerError' }]);
    await postBatch(runId, { a: [{}] });

    expect(JSON.stringify(await client.records(runId))).not.toContain(WRITE_KEY);
  });

  it('reports failed items in a 2xx batch reply', async () => {
    const runId = await runWithFaults([
      { status: 200, error_code: 'InternalServerError', message: 'try again' },
    ]);

    const response = await postBatch(runId, { a: [{}], b: [{}] });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      a: [{ success: false, error: { name: 'InternalServerError', description: 'try again' } }],
      b: [{ success: false, error: { name: 'InternalServerError', description: 'try again' } }],
    });
    const records = await client.records(runId);
    expect(records.map((record) => [record.collection, record.outcome, record.status])).toEqual([
      ['a', 'rejected', 200],
      ['b', 'rejected', 200],
    ]);
  });

  it('sends a rule body as JSON', async () => {
    const runId = await runWithFaults([{ status: 200, body: { a: 'not a list' } }]);

    const response = await postBatch(runId, { a: [{}] });

    expect(await response.json()).toEqual({ a: 'not a list' });
    expect((await client.records(runId))[0]).toMatchObject({
      outcome: 'rejected',
      errorCode: null,
      status: 200,
    });
  });

  it('sends a malformed body', async () => {
    const runId = await runWithFaults([{ status: 200, malformedBody: true }]);

    const response = await postBatch(runId, { a: [{}] });

    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toThrow(SyntaxError);
  });

  it('journals an undecodable request with a null body', async () => {
    const runId = await runWithFaults([{ status: 500, error_code: 'InternalServerError' }]);
    await postJson(eventsUrl(mock, undefined, runId), '{');

    expect((await client.records(runId))[0]).toMatchObject({
      collection: null,
      body: null,
      status: 500,
    });
  });
});

describe('dropped connections', () => {
  it('closes the connection without a reply', async () => {
    const runId = await runWithFaults([{ dropConnection: true, times: 1 }]);

    await expect(postBatch(runId, { a: [{ n: 1 }] })).rejects.toThrow(TypeError);
    expect((await postBatch(runId, { a: [{ n: 1 }] })).status).toBe(200);
  });

  it('journals a dropped request with status 0', async () => {
    const runId = await runWithFaults([{ dropConnection: true, times: 1 }]);
    await postBatch(runId, { a: [{ n: 1 }] }).catch(() => undefined);

    expect((await client.records(runId))[0]).toMatchObject({
      outcome: 'rejected',
      status: 0,
      errorCode: null,
      body: { n: 1 },
    });
  });
});

describe('delayed replies', () => {
  it('records the write before the delayed reply', async () => {
    const runId = await runWithFaults([{ delayMs: 1_000, times: 1 }]);
    let replied = false;
    const reply = postBatch(runId, { a: [{ n: 1 }] }).then((response) => {
      replied = true;
      return response;
    });

    const wait = await client.waitFor(runId, { timeoutMs: 5_000 });
    expect(wait.satisfied).toBe(true);
    expect(replied).toBe(false);
    expect((await reply).status).toBe(200);
    expect(wait.records[0]).toMatchObject({ outcome: 'accepted', status: 200 });
  });
});

describe('rule matching', () => {
  it('matches a collection inside a batch', async () => {
    const runId = await runWithFaults([
      { match: { collection: 'b' }, status: 500, error_code: 'InternalServerError' },
    ]);

    expect((await postBatch(runId, { a: [{}] })).status).toBe(200);
    expect((await postBatch(runId, { b: [{}] })).status).toBe(500);
  });

  it('matches a path with a wildcard segment', async () => {
    const rule: FaultRule = {
      match: { path: '/3.0/projects/*/events/b' },
      status: 404,
      error_code: 'ResourceNotFoundError',
    };
    const runId = await runWithFaults([rule]);

    expect((await postJson(eventsUrl(mock, 'a', runId), {})).status).toBe(201);
    expect((await postJson(eventsUrl(mock, 'b', runId), {})).status).toBe(404);
    expect((await postBatch(runId, { b: [{}] })).status).toBe(200);
  });

  it('matches the method and the transport', async () => {
    const runId = await runWithFaults([
      {
        match: { method: 'get', transport: 'jsonp' },
        status: 500,
        error_code: 'InternalServerError',
      },
    ]);
    const url = eventsUrl(mock, 'a', runId);
    const query = `api_key=${WRITE_KEY}&data=${encodeURIComponent(encodeData({ n: 1 }))}`;

    expect((await fetch(`${url}?${query}`)).status).toBe(200);
    expect((await fetch(`${url}?${query}&jsonp=callback`)).status).toBe(500);
    expect((await postJson(url, {})).status).toBe(201);
  });

  it('applies the first rule with requests left', async () => {
    const runId = await runWithFaults([
      { status: 500, error_code: 'InternalServerError', times: 1 },
      { status: 429, error_code: 'TooManyRequestsError', times: 1 },
    ]);

    const statuses: number[] = [];
    for (let index = 0; index < 3; index++)
      statuses.push((await postBatch(runId, { a: [{}] })).status);
    expect(statuses).toEqual([500, 429, 200]);
  });

  it('leaves other runs alone', async () => {
    await runWithFaults([{ status: 500, error_code: 'InternalServerError' }]);
    const otherRun = await runWithFaults([]);

    expect((await postBatch(otherRun, { a: [{}] })).status).toBe(200);
  });
});
