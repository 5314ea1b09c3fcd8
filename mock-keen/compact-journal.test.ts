import { afterEach, describe, expect, it, vi } from 'vitest';

import { AcceptedEntry } from './core/entry.js';
import { exportNdjson, importNdjson, parseNdjson } from './export/ndjson.js';
import {
  MASTER_KEY,
  PROJECT_ID,
  WRITE_KEY,
  eventsUrl,
  postJson,
  startTestMock,
  type TestMock,
} from './test-support.js';

// Accepted events are kept in compact form and read back as records: these tests check that what
// comes back is what was accepted, and that queries read what the journal keeps.

let mock: TestMock | undefined;

afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

async function start(options: Parameters<typeof startTestMock>[1] = {}): Promise<TestMock> {
  mock = await startTestMock(['default'], options);
  return mock;
}

function countUrl(target: TestMock, collection: string): string {
  const params = new URLSearchParams({ event_collection: collection, api_key: MASTER_KEY });
  return `${target.url}/3.0/projects/${PROJECT_ID}/queries/count?${params}`;
}

async function count(target: TestMock, collection: string): Promise<unknown> {
  const reply = await fetch(countUrl(target, collection));
  expect(reply.status).toBe(200);
  return ((await reply.json()) as { result: unknown }).result;
}

/** Entries as the journal's storage keeps them, before they are turned into records. */
function keptEntries(target: TestMock): unknown[] {
  const journal = target.core.journal as unknown as {
    storage: { records(runId: string): unknown[] };
  };
  return journal.storage.records('default');
}

describe('compact journal entries', () => {
  it('reads back a mixed batch', async () => {
    const target = await start();
    const batch = {
      clicks: [{ n: 1, nested: { list: [1, { deep: 'x' }] } }, { 'bad.name': 2 }, { n: 3 }],
      views: [{ page: '/a', ip: '${keen.ip}' }],
    };
    const reply = await postJson(eventsUrl(target), batch);
    expect(reply.status).toBe(200);

    const records = target.core.journal.list('default');
    expect(records.map((record) => [record.collection, record.outcome])).toEqual([
      ['clicks', 'accepted'],
      ['clicks', 'rejected'],
      ['clicks', 'accepted'],
      ['views', 'accepted'],
    ]);
    expect(records.map((record) => record.body)).toEqual([
      batch.clicks[0],
      batch.clicks[1],
      batch.clicks[2],
      batch.views[0],
    ]);
    expect(records[0].stored).toMatchObject({ n: 1, nested: { list: [1, { deep: 'x' }] } });
    expect(records[3].stored).toMatchObject({ page: '/a', ip: '127.0.0.1' });
    expect(records[3].body).toEqual({ page: '/a', ip: '${keen.ip}' });
    for (const record of [records[0], records[2], records[3]]) {
      expect(record.stored?.keen).toMatchObject({ created_at: record.receivedAt });
      expect(record.status).toBe(200);
      expect(record.keyKind).toBe('write');
    }
  });

  it('gives equal new records per read', async () => {
    const target = await start();
    await postJson(eventsUrl(target, 'clicks'), { n: 1, list: [1, 2] });

    const first = target.core.journal.list('default');
    const firstCopy = structuredClone(first);
    (first[0].body as { list: number[] }).list.push(3);
    (first[0].stored as { n: number }).n = 99;

    const second = target.core.journal.list('default');
    expect(second).toEqual(firstCopy);
    expect((second[0].stored as { keen: { id: string } }).keen.id).toMatch(/^[0-9a-f]{24}$/);
  });

  it('keeps body and stored event apart', async () => {
    const target = await start();
    await postJson(eventsUrl(target, 'clicks'), { user: { id: 'u1' } });

    const [record] = target.core.journal.list('default');
    (record.body as { user: { id: string } }).user.id = 'changed';
    expect((record.stored as { user: { id: string } }).user.id).toBe('u1');
  });

  it('keeps the key in the body only', async () => {
    const target = await start();
    await postJson(eventsUrl(target, 'clicks'), { note: `key ${WRITE_KEY} inside` });

    const [record] = target.core.journal.list('default');
    expect(record.body).toEqual({ note: `key ${WRITE_KEY} inside` });
    const [request] = target.core.journal.requests('default');
    expect(request.body).toBe('{"note":"key REDACTED inside"}');
  });

  it('keeps add-on events whole', async () => {
    const target = await start();
    const event = {
      page_url: 'https://www.example.com/a?b=1',
      keen: {
        addons: [
          {
            name: 'keen:url_parser',
            input: { url: 'page_url' },
            output: 'parsed_page_url',
          },
        ],
      },
    };
    await postJson(eventsUrl(target, 'pages'), event);

    const entries = keptEntries(target);
    expect(entries[0]).not.toBeInstanceOf(AcceptedEntry);
    const [record] = target.core.journal.list('default');
    expect(record.stored).toMatchObject({ parsed_page_url: { domain: 'www.example.com' } });
  });

  it('keeps plain events compact', async () => {
    const target = await start();
    await postJson(eventsUrl(target, 'clicks'), { n: 1 });

    const entries = keptEntries(target);
    expect(entries[0]).toBeInstanceOf(AcceptedEntry);
  });
});

describe('stored events follow the journal', () => {
  it('counts only kept events', async () => {
    const target = await start({ journal: { maxRecords: 3 } });
    for (let n = 0; n < 5; n++) await postJson(eventsUrl(target, 'clicks'), { n });

    expect(await count(target, 'clicks')).toBe(3);
    expect(target.core.store.events('default', PROJECT_ID, 'clicks').map((e) => e.n)).toEqual([
      2, 3, 4,
    ]);
  });

  it('queries an imported run', async () => {
    const target = await start();
    await postJson(eventsUrl(target), { clicks: [{ n: 1 }, { n: 2 }] });
    const exported = exportNdjson(
      target.core.journal.list('default'),
      target.core.journal.requests('default'),
    );
    target.core.registry.registerRun('copy', [
      { projectId: PROJECT_ID, keys: [{ key: MASTER_KEY, kind: 'master' }] },
    ]);
    importNdjson(target.core.journal, 'copy', parseNdjson(exported));

    const events = target.core.store.events('copy', PROJECT_ID, 'clicks');
    expect(events.map((event) => event.n)).toEqual([1, 2]);
  });

  it('hides deleted events until reset', async () => {
    const target = await start();
    await postJson(eventsUrl(target), { clicks: [{ n: 1 }, { n: 2 }] });
    const filters = JSON.stringify([{ property_name: 'n', operator: 'eq', property_value: 1 }]);
    const params = new URLSearchParams({ filters, api_key: MASTER_KEY });
    const reply = await fetch(`${eventsUrl(target, 'clicks')}?${params}`, { method: 'DELETE' });
    expect(reply.status).toBe(204);

    expect(await count(target, 'clicks')).toBe(1);
    expect(target.core.journal.list('default')).toHaveLength(2);

    target.core.resetRun('default');
    target.core.registry.registerRun('default', [
      {
        projectId: PROJECT_ID,
        keys: [
          { key: WRITE_KEY, kind: 'write' },
          { key: MASTER_KEY, kind: 'master' },
        ],
      },
    ]);
    await postJson(eventsUrl(target), { clicks: [{ n: 1 }] });
    expect(await count(target, 'clicks')).toBe(1);
  });
});

describe('reading a batch once', () => {
  /** Count JSON.parse calls on the batch's text while `send` runs. */
  async function parsesOfBatch(target: TestMock, send: () => Promise<unknown>): Promise<number> {
    const parse = vi.spyOn(JSON, 'parse');
    try {
      await send();
      return parse.mock.calls.filter(([text]) => String(text).includes('"batch-marker"')).length;
    } finally {
      parse.mockRestore();
    }
  }

  const batch = { clicks: Array.from({ length: 40 }, (_, n) => ({ n, tag: 'batch-marker' })) };

  it('parses a batch once for live subscribers', async () => {
    const target = await start();
    const seen: unknown[] = [];
    target.core.journal.subscribe((change) => seen.push(change));

    const parses = await parsesOfBatch(target, () => postJson(eventsUrl(target), batch));
    expect(seen).toHaveLength(40);
    expect(parses).toBeLessThanOrEqual(3);
  });

  it('parses a batch once under a byte bound', async () => {
    const target = await start({ journal: { maxBytes: 10_000_000 } });

    const parses = await parsesOfBatch(target, () => postJson(eventsUrl(target), batch));
    expect(target.core.journal.stats().records).toBe(40);
    expect(parses).toBeLessThanOrEqual(3);
  });
});
