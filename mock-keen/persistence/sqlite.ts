import Database from 'better-sqlite3';

import { entryJson, type JournalEntry } from '../core/entry.js';
import type { JournalRecord, RawRequest } from '../core/types.js';
import { toRawRequest, type KeptRequest } from './raw-request.js';
import {
  checkLimits,
  type JournalLimits,
  type JournalStats,
  type JournalStorage,
  type RunSummary,
} from './storage.js';

/** Version of the table layout below; a file with another version is rejected. */
const SCHEMA_VERSION = 1;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('record', 'request')),
    run_id TEXT NOT NULL,
    seq INTEGER,
    received_at TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    json TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS entries_by_run ON entries (run_id, kind, id);
  CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

/** Entries looked at per step when dropping the oldest. */
const DROP_BATCH = 256;

interface Counts {
  records: number;
  requests: number;
  bytes: number;
}

/** Error for a journal file that cannot be opened or has another layout. */
export class JournalFileError extends Error {
  override name = 'JournalFileError';
}

/**
 * The journal in an SQLite file (better-sqlite3), which survives restarts of the mock. Records and
 * raw requests are one table in append order, so the oldest entry of either kind is dropped first.
 */
export class SqliteStorage implements JournalStorage {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly counts: Counts;
  private readonly dropped: { records: number; requests: number };
  private highestSeq: number;
  private readonly statements;

  constructor(
    readonly file: string,
    private readonly limits: JournalLimits = {},
  ) {
    checkLimits(limits);
    this.db = openDatabase(file);
    this.statements = {
      insert: this.db.prepare(
        'INSERT INTO entries (kind, run_id, seq, received_at, bytes, json) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      records: this.db
        .prepare("SELECT json FROM entries WHERE run_id = ? AND kind = 'record' ORDER BY id")
        .pluck(),
      recent: this.db
        .prepare("SELECT json FROM entries WHERE kind = 'record' ORDER BY id DESC LIMIT ?")
        .pluck(),
      requests: this.db
        .prepare("SELECT json FROM entries WHERE run_id = ? AND kind = 'request' ORDER BY id")
        .pluck(),
      runs: this.db.prepare(
        "SELECT run_id AS runId, COUNT(*) AS records, MIN(received_at) AS firstReceivedAt, MAX(received_at) AS lastReceivedAt FROM entries WHERE kind = 'record' GROUP BY run_id ORDER BY MIN(id)",
      ),
      runCounts: this.db.prepare(
        "SELECT COALESCE(SUM(kind = 'record'), 0) AS records, COALESCE(SUM(kind = 'request'), 0) AS requests, COALESCE(SUM(bytes), 0) AS bytes FROM entries WHERE run_id = ?",
      ),
      deleteRun: this.db.prepare('DELETE FROM entries WHERE run_id = ?'),
      oldest: this.db.prepare('SELECT id, kind, bytes FROM entries ORDER BY id LIMIT ?'),
      deleteUpTo: this.db.prepare('DELETE FROM entries WHERE id <= ?'),
      setMeta: this.db.prepare(
        'INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
      ),
    };

    const total = this.db
      .prepare(
        "SELECT COALESCE(SUM(kind = 'record'), 0) AS records, COALESCE(SUM(kind = 'request'), 0) AS requests, COALESCE(SUM(bytes), 0) AS bytes FROM entries",
      )
      .get() as Counts;
    this.counts = { ...total };
    this.dropped = {
      records: readMeta(this.db, 'dropped_records'),
      requests: readMeta(this.db, 'dropped_requests'),
    };
    const maxSeq =
      (this.db.prepare('SELECT COALESCE(MAX(seq), 0) FROM entries').pluck().get() as number) ?? 0;
    this.highestSeq = Math.max(maxSeq, readMeta(this.db, 'last_seq'));
    this.dropOldest();
  }

  lastSeq(): number {
    return this.highestSeq;
  }

  append(record: JournalEntry): void {
    const json = entryJson(record);
    const bytes = Buffer.byteLength(json);
    this.statements.insert.run('record', record.runId, record.seq, record.receivedAt, bytes, json);
    this.counts.records += 1;
    this.counts.bytes += bytes;
    this.highestSeq = Math.max(this.highestSeq, record.seq);
    this.dropOldest();
  }

  appendRequest(kept: KeptRequest): void {
    const request = toRawRequest(kept);
    const json = JSON.stringify(request);
    const bytes = Buffer.byteLength(json);
    this.statements.insert.run('request', request.runId, null, request.receivedAt, bytes, json);
    this.counts.requests += 1;
    this.counts.bytes += bytes;
    this.dropOldest();
  }

  records(runId: string): JournalRecord[] {
    return (this.statements.records.all(runId) as string[]).map(
      (json) => JSON.parse(json) as JournalRecord,
    );
  }

  recent(limit: number): JournalRecord[] {
    const rows = this.statements.recent.all(limit) as string[];
    return rows.reverse().map((json) => JSON.parse(json) as JournalRecord);
  }

  requests(runId: string): RawRequest[] {
    return (this.statements.requests.all(runId) as string[]).map(
      (json) => JSON.parse(json) as RawRequest,
    );
  }

  runs(): RunSummary[] {
    return this.statements.runs.all() as RunSummary[];
  }

  stats(): JournalStats {
    return {
      storage: this.kind,
      records: this.counts.records,
      requests: this.counts.requests,
      bytes: this.counts.bytes,
      limits: { ...this.limits },
      dropped: { ...this.dropped },
    };
  }

  resetRun(runId: string): void {
    const removed = this.statements.runCounts.get(runId) as Counts;
    this.db.transaction(() => {
      this.statements.deleteRun.run(runId);
      this.statements.setMeta.run('last_seq', this.highestSeq);
    })();
    this.counts.records -= removed.records;
    this.counts.requests -= removed.requests;
    this.counts.bytes -= removed.bytes;
  }

  close(): void {
    if (!this.db.open) return;
    this.statements.setMeta.run('last_seq', this.highestSeq);
    this.db.close();
  }

  /** Drop entries oldest first until the journal is within its limits. */
  private dropOldest(): void {
    const { maxRecords = Infinity, maxBytes = Infinity } = this.limits;
    while (this.counts.records > maxRecords || this.counts.bytes > maxBytes) {
      const rows = this.statements.oldest.all(DROP_BATCH) as {
        id: number;
        kind: string;
        bytes: number;
      }[];
      if (rows.length === 0) return;

      let lastId = 0;
      for (const row of rows) {
        if (this.counts.records <= maxRecords && this.counts.bytes <= maxBytes) break;
        lastId = row.id;
        this.counts.bytes -= row.bytes;
        if (row.kind === 'record') {
          this.counts.records -= 1;
          this.dropped.records += 1;
        } else {
          this.counts.requests -= 1;
          this.dropped.requests += 1;
        }
      }
      this.db.transaction(() => {
        this.statements.deleteUpTo.run(lastId);
        this.statements.setMeta.run('dropped_records', this.dropped.records);
        this.statements.setMeta.run('dropped_requests', this.dropped.requests);
        this.statements.setMeta.run('last_seq', this.highestSeq);
      })();
    }
  }
}

function openDatabase(file: string): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(SCHEMA);
  } catch (error) {
    throw new JournalFileError(
      `Journal file ${file} cannot be opened as an SQLite journal: ${(error as Error).message}.`,
      {
        cause: error,
      },
    );
  }

  const version = db
    .prepare("SELECT value FROM meta WHERE name = 'schema_version'")
    .pluck()
    .get() as number | undefined;
  if (version === undefined) {
    db.prepare("INSERT INTO meta (name, value) VALUES ('schema_version', ?)").run(SCHEMA_VERSION);
  } else if (version !== SCHEMA_VERSION) {
    db.close();
    throw new JournalFileError(
      `Journal file ${file} has layout version ${version}, but this mock reads version ${SCHEMA_VERSION}: start with another file.`,
    );
  }
  return db;
}

function readMeta(db: Database.Database, name: string): number {
  return (
    (db.prepare('SELECT value FROM meta WHERE name = ?').pluck().get(name) as number | undefined) ??
    0
  );
}
