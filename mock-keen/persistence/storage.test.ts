import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { JournalRecord, RawRequest } from '../core/types.js';
import { MemoryStorage } from './memory.js';
import { JournalFileError, SqliteStorage } from './sqlite.js';
import type { JournalLimits, JournalStorage } from './storage.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mock-keen-journal-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function record(seq: number, runId = 'run-a', requestId = `request-${seq}`): JournalRecord {
  return {
    seq,
    runId,
    requestId,
    projectId: 'project-1',
    collection: 'purchases',
    body: { n: seq },
    stored: { n: seq },
    transport: 'post',
    method: 'POST',
    path: '/3.0/projects/project-1/events/purchases',
    keyLocation: 'header',
    keyKind: 'write',
    outcome: 'accepted',
    errorCode: null,
    status: 201,
    receivedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
  };
}

function rawRequest(seq: number, runId = 'run-a'): RawRequest {
  return {
    requestId: `request-${seq}`,
    runId,
    method: 'POST',
    path: '/3.0/projects/project-1/events/purchases',
    query: '',
    headers: { authorization: 'REDACTED' },
    body: JSON.stringify({ n: seq }),
    bodyEncoding: 'utf8',
    status: 201,
    receivedAt: record(seq).receivedAt,
  };
}

const storages: Array<[string, (limits?: JournalLimits) => JournalStorage]> = [
  ['memory', (limits) => new MemoryStorage(limits)],
  ['sqlite', (limits) => new SqliteStorage(join(dir, 'journal.sqlite'), limits)],
];

describe.each(storages)('%s storage', (_kind, open) => {
  it('lists a run in sequence order', () => {
    const storage = open();
    storage.append(record(1));
    storage.append(record(2, 'run-b'));
    storage.append(record(3));

    expect(storage.records('run-a').map((entry) => entry.seq)).toEqual([1, 3]);
    expect(storage.recent(2).map((entry) => entry.seq)).toEqual([2, 3]);
    storage.close();
  });

  it('keeps raw requests per run', () => {
    const storage = open();
    storage.appendRequest(rawRequest(1));
    storage.appendRequest(rawRequest(2, 'run-b'));

    expect(storage.requests('run-a')).toEqual([rawRequest(1)]);
    storage.close();
  });

  it('summarises runs', () => {
    const storage = open();
    storage.append(record(1));
    storage.append(record(2));

    expect(storage.runs()).toEqual([
      {
        runId: 'run-a',
        records: 2,
        firstReceivedAt: record(1).receivedAt,
        lastReceivedAt: record(2).receivedAt,
      },
    ]);
    storage.close();
  });

  it('drops the oldest records past maxRecords', () => {
    const storage = open({ maxRecords: 2 });
    for (const seq of [1, 2, 3, 4]) storage.append(record(seq, seq % 2 === 0 ? 'run-b' : 'run-a'));

    expect(storage.records('run-a').map((entry) => entry.seq)).toEqual([3]);
    expect(storage.records('run-b').map((entry) => entry.seq)).toEqual([4]);
    expect(storage.stats().records).toBe(2);
    expect(storage.stats().dropped).toEqual({ records: 2, requests: 0 });
    storage.close();
  });

  it('drops the oldest entries past maxBytes', () => {
    const size = Buffer.byteLength(JSON.stringify(record(1)));
    const storage = open({ maxBytes: size * 2 + 1 });
    for (const seq of [1, 2, 3]) storage.append(record(seq));

    expect(storage.records('run-a').map((entry) => entry.seq)).toEqual([2, 3]);
    expect(storage.stats().bytes).toBeLessThanOrEqual(size * 2 + 1);
    expect(storage.stats().dropped.records).toBe(1);
    storage.close();
  });

  it('drops a raw request in append order', () => {
    const storage = open({ maxRecords: 1 });
    storage.append(record(1));
    storage.appendRequest(rawRequest(1));
    storage.append(record(2));
    storage.append(record(3));

    expect(storage.requests('run-a')).toEqual([]);
    expect(storage.stats().dropped).toEqual({ records: 2, requests: 1 });
    storage.close();
  });

  it('resets one run', () => {
    const storage = open({ maxRecords: 10 });
    storage.append(record(1));
    storage.appendRequest(rawRequest(1));
    storage.append(record(2, 'run-b'));
    storage.resetRun('run-a');

    expect(storage.records('run-a')).toEqual([]);
    expect(storage.requests('run-a')).toEqual([]);
    expect(storage.stats().records).toBe(1);
    expect(storage.stats().requests).toBe(0);
    expect(storage.lastSeq()).toBe(2);
    storage.close();
  });

  it('rejects a limit of zero', () => {
    expect(() => open({ maxRecords: 0 })).toThrow('maxRecords must be a positive integer');
  });
});

describe('sqlite file', () => {
  it('keeps entries across reopening', () => {
    const file = join(dir, 'journal.sqlite');
    const first = new SqliteStorage(file, { maxRecords: 2 });
    for (const seq of [1, 2, 3]) first.append(record(seq));
    first.appendRequest(rawRequest(3));
    first.close();

    const second = new SqliteStorage(file, { maxRecords: 2 });
    expect(second.records('run-a').map((entry) => entry.seq)).toEqual([2, 3]);
    expect(second.requests('run-a')).toEqual([rawRequest(3)]);
    expect(second.stats().dropped.records).toBe(1);
    expect(second.lastSeq()).toBe(3);
    second.close();
  });

  it('continues the sequence after a reset run', () => {
    const file = join(dir, 'journal.sqlite');
    const first = new SqliteStorage(file);
    first.append(record(7));
    first.resetRun('run-a');
    first.close();

    const second = new SqliteStorage(file);
    expect(second.lastSeq()).toBe(7);
    second.close();
  });

  it('rejects a file that is not SQLite', async () => {
    const file = join(dir, 'not-a-journal.txt');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, 'plain text, not a database '.repeat(40));

    expect(() => new SqliteStorage(file)).toThrow(JournalFileError);
  });
});
