import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { JournalRecord, RawRequest } from '../core/types.js';
import {
  PROJECT,
  WRITE_KEY,
  encodeData,
  eventsUrl,
  postJson,
  startTestMock,
  type TestMock,
} from '../test-support.js';

let mock: TestMock;

beforeAll(async () => {
  mock = await startTestMock(['export-a', 'export-b']);
  await postJson(eventsUrl(mock, 'purchases', 'export-a'), { item: 'shirt' });
  await postJson(eventsUrl(mock, undefined, 'export-a'), {
    views: [{ page: '/' }, { page: '/cart' }],
  });
  await fetch(
    `${eventsUrl(mock, 'clicks', 'export-a')}?api_key=${WRITE_KEY}&data=${encodeData({ x: 1 })}`,
  );
});

afterAll(async () => {
  await mock.close();
});

async function json<T>(path: string): Promise<T> {
  const response = await fetch(`${mock.url}${path}`);
  expect(response.status, `GET ${path}`).toBe(200);
  return (await response.json()) as T;
}

describe('raw requests', () => {
  it('keeps one per write request', async () => {
    const { requests } = await json<{ requests: RawRequest[] }>('/mock/runs/export-a/requests');

    expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      `POST /3.0/projects/${PROJECT.projectId}/events/purchases`,
      `POST /3.0/projects/${PROJECT.projectId}/events`,
      `GET /3.0/projects/${PROJECT.projectId}/events/clicks`,
    ]);
  });

  it('links each record by requestId', async () => {
    const { requests } = await json<{ requests: RawRequest[] }>('/mock/runs/export-a/requests');
    const { records } = await json<{ records: JournalRecord[] }>('/mock/runs/export-a/records');

    const batch = records.filter((record) => record.collection === 'views');
    expect(batch).toHaveLength(2);
    expect(batch[0].requestId).toBe(batch[1].requestId);
    expect(requests[1].requestId).toBe(batch[0].requestId);
  });

  it('redacts the header key and the query key', async () => {
    const { requests } = await json<{ requests: RawRequest[] }>('/mock/runs/export-a/requests');

    expect(requests[0].headers.authorization).toBe('REDACTED');
    expect(requests[2].query).toContain('api_key=REDACTED');
    expect(JSON.stringify(requests)).not.toContain(WRITE_KEY);
  });
});

describe('journal overview', () => {
  it('lists runs with their record counts', async () => {
    const { runs } = await json<{ runs: Array<{ runId: string; records: number }> }>('/mock/runs');

    expect(runs.find((run) => run.runId === 'export-a')?.records).toBe(4);
  });

  it('returns recent records of every run', async () => {
    const { records } = await json<{ records: JournalRecord[] }>('/mock/records?limit=2');

    expect(records.map((record) => record.collection)).toEqual(['views', 'clicks']);
  });

  it('rejects an invalid limit', async () => {
    const response = await fetch(`${mock.url}/mock/records?limit=0`);

    expect(response.status).toBe(400);
    expect((await response.json()).message).toContain('limit');
  });
});

describe('NDJSON', () => {
  it('round-trips a run into another run', async () => {
    const exported = await (
      await fetch(`${mock.url}/mock/runs/export-a/export?format=ndjson`)
    ).text();
    const response = await fetch(`${mock.url}/mock/runs/export-copy/import`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-ndjson' },
      body: exported,
    });

    expect(await response.json()).toEqual({ runId: 'export-copy', records: 4, requests: 3 });
    const original = await json<{ records: JournalRecord[] }>('/mock/runs/export-a/records');
    const copy = await json<{ records: JournalRecord[] }>('/mock/runs/export-copy/records');
    const strip = ({ seq: _seq, runId: _runId, ...rest }: JournalRecord) => rest;
    expect(copy.records.map(strip)).toEqual(original.records.map(strip));
  });

  it('puts each request before its records', async () => {
    const exported = await (await fetch(`${mock.url}/mock/runs/export-a/export`)).text();
    const kinds = exported
      .trim()
      .split('\n')
      .map((line) => Object.keys(JSON.parse(line))[0]);

    expect(kinds).toEqual([
      'request',
      'record',
      'request',
      'record',
      'record',
      'request',
      'record',
    ]);
  });

  it('names the line that is not JSON', async () => {
    const response = await fetch(`${mock.url}/mock/runs/export-bad/import?format=ndjson`, {
      method: 'POST',
      body: '{"record": {"requestId": "r"}}\nnot json\n',
    });

    expect(response.status).toBe(400);
    expect((await response.json()).message).toContain('NDJSON line 2 is not JSON');
  });
});

describe('HAR', () => {
  it('exports one entry per request', async () => {
    const har = await json<{ log: { version: string; entries: Array<Record<string, unknown>> } }>(
      '/mock/runs/export-a/export?format=har',
    );

    expect(har.log.version).toBe('1.2');
    expect(har.log.entries).toHaveLength(3);
    expect(har.log.entries[1]).toMatchObject({
      request: {
        method: 'POST',
        url: `${mock.url}/runs/export-a/3.0/projects/${PROJECT.projectId}/events`,
      },
      response: { status: 200 },
    });
    expect((har.log.entries[1]._records as unknown[]).length).toBe(2);
  });

  it('imports a browser capture through the core', async () => {
    const har = {
      log: {
        version: '1.2',
        entries: [
          {
            request: {
              method: 'POST',
              url: `https://api.keen.io/3.0/projects/${PROJECT.projectId}/events/signups`,
              headers: [
                { name: 'Authorization', value: WRITE_KEY },
                { name: 'Content-Type', value: 'application/json' },
              ],
              postData: { mimeType: 'application/json', text: '{"plan":"pro"}' },
            },
          },
          { request: { method: 'GET', url: 'https://www.example.com/', headers: [] } },
        ],
      },
    };
    const response = await fetch(`${mock.url}/mock/runs/export-b/import?format=har`, {
      method: 'POST',
      body: JSON.stringify(har),
    });

    expect(await response.json()).toEqual({
      runId: 'export-b',
      requests: 1,
      records: 1,
      skipped: 1,
    });
    const { records } = await json<{ records: JournalRecord[] }>('/mock/runs/export-b/records');
    expect(records[0]).toMatchObject({
      collection: 'signups',
      outcome: 'accepted',
      body: { plan: 'pro' },
    });
  });

  it('rejects a file without entries', async () => {
    const response = await fetch(`${mock.url}/mock/runs/export-b/import?format=har`, {
      method: 'POST',
      body: '{}',
    });

    expect(response.status).toBe(400);
    expect((await response.json()).message).toContain('log.entries');
  });
});

describe('events stream', () => {
  it('sends each appended record', async () => {
    const controller = new AbortController();
    const response = await fetch(`${mock.url}/mock/events`, { signal: controller.signal });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('event: ready')) text += (await reader.read()).value ?? '';

    await postJson(eventsUrl(mock, 'streamed', 'export-a'), { live: true });
    while (!text.includes('event: record')) text += (await reader.read()).value ?? '';
    while (!text.slice(text.indexOf('event: record')).includes('\n\n'))
      text += (await reader.read()).value ?? '';
    controller.abort();

    const data = text.slice(text.indexOf('event: record')).split('\n')[1].slice('data: '.length);
    const { record, stats } = JSON.parse(data);
    expect(record).toMatchObject({ collection: 'streamed', body: { live: true } });
    expect(stats.storage).toBe('memory');
  });
});

describe('journal limits', () => {
  it('reports dropped records', async () => {
    const bounded = await startTestMock(['bounded'], { journal: { maxRecords: 2 } });
    for (const n of [1, 2, 3]) await postJson(eventsUrl(bounded, 'c', 'bounded'), { n });

    const stats = await (await fetch(`${bounded.url}/mock/journal`)).json();
    const records = (await (await fetch(`${bounded.url}/mock/runs/bounded/records`)).json())
      .records;
    await bounded.close();

    expect(stats).toMatchObject({ records: 2, dropped: { records: 1 }, limits: { maxRecords: 2 } });
    expect(records.map((record: JournalRecord) => record.body)).toEqual([{ n: 2 }, { n: 3 }]);
  });
});
