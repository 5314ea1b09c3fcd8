import { MemoryStorage } from '../persistence/memory.js';
import { CapturedRequest, toRawRequest } from '../persistence/raw-request.js';
import type { JournalStats, JournalStorage, RunSummary } from '../persistence/storage.js';
import { AcceptedEntry, toRecord, toRecords, type JournalEntry } from './entry.js';
import type { CoreRequest, JournalRecord, Outcome, RawRequest } from './types.js';

/** Filter on the records of a run to list or wait for. */
export interface RecordFilter {
  collection?: string;
  outcome?: Outcome;
  /** Only records with a greater sequence number. */
  since?: number;
}

export interface WaitResult {
  satisfied: boolean;
  records: JournalRecord[];
}

/** A change to the journal, as its subscribers receive it. */
export type JournalChange =
  { type: 'record'; record: JournalRecord } | { type: 'reset'; runId: string };

interface Waiter {
  filter: RecordFilter;
  count: number;
  matches: JournalEntry[];
  finish: (satisfied: boolean) => void;
}

function matches(record: JournalEntry, filter: RecordFilter): boolean {
  return (
    (filter.collection === undefined || record.collection === filter.collection) &&
    (filter.outcome === undefined || record.outcome === filter.outcome) &&
    (filter.since === undefined || record.seq > filter.since)
  );
}

/**
 * The records of every run, in receive order, and the raw write requests they came from. Waiters
 * are checked against each appended record, so a wait returns as soon as its condition holds.
 * The entries live in a JournalStorage: process memory by default, or an SQLite file.
 */
export class Journal {
  private storage: JournalStorage = new MemoryStorage();
  private readonly waiters = new Map<string, Set<Waiter>>();
  private readonly subscribers = new Set<(change: JournalChange) => void>();
  private captured: JournalEntry[] | null = null;
  private lastSeq = 0;

  /**
   * Keep the entries in `storage` from now on; sequence numbers continue after the highest one it
   * has. Only an empty in-memory journal can move, so no entry is left behind.
   */
  useStorage(storage: JournalStorage): void {
    if (this.storage.stats().records > 0 || this.storage.stats().requests > 0) {
      throw new Error(
        'The journal already has entries: choose its storage before the first write.',
      );
    }
    this.storage.close();
    this.storage = storage;
    this.lastSeq = Math.max(this.lastSeq, storage.lastSeq());
  }

  /** Give the next sequence number, increasing across the whole mock. */
  nextSeq(): number {
    this.lastSeq += 1;
    return this.lastSeq;
  }

  /** Append a record, or an accepted event in compact form, which readers get as a record. */
  append(record: JournalEntry): void {
    this.storage.append(record);
    // During a capture, subscribers hear of the record once its raw request is stored too.
    if (this.captured === null) this.notifyRecord(record);
    else this.captured.push(record);

    const waiters = this.waiters.get(record.runId);
    if (waiters === undefined) return;
    for (const waiter of waiters) {
      if (!matches(record, waiter.filter)) continue;
      waiter.matches.push(record);
      if (waiter.matches.length >= waiter.count) waiter.finish(true);
    }
  }

  list(runId: string, filter: RecordFilter = {}): JournalRecord[] {
    return toRecords(this.entries(runId, filter));
  }

  /** List the most recent records of every run, in sequence order, at most `limit`. */
  recent(limit: number): JournalRecord[] {
    return toRecords(this.storage.recent(limit));
  }

  /** List the raw write requests of a run, keys redacted, in receive order. */
  requests(runId: string): RawRequest[] {
    return this.storage.requests(runId).map(toRawRequest);
  }

  /** Append a raw request taken from elsewhere, such as an imported run. */
  appendRequest(request: RawRequest): void {
    this.storage.appendRequest(request);
  }

  runs(): RunSummary[] {
    return this.storage.runs();
  }

  stats(): JournalStats {
    return this.storage.stats();
  }

  /**
   * Call `handle` for one request and keep the request, keys redacted, beside each write request
   * it journaled. `handle` must journal synchronously, as MockCore.handle does.
   */
  captureRequest<T>(request: CoreRequest, handle: () => T): T {
    const captured: JournalEntry[] = [];
    this.captured = captured;
    try {
      return handle();
    } finally {
      this.captured = null;
      const seen = new Set<string>();
      for (const record of captured) {
        if (seen.has(record.requestId)) continue;
        seen.add(record.requestId);
        // A POST's events were parsed from its body's text, which the raw request can share.
        const bodyText =
          record instanceof AcceptedEntry && record.facts.method === 'POST'
            ? record.facts.source
            : undefined;
        this.storage.appendRequest(new CapturedRequest(request, record, bodyText));
      }
      if (this.subscribers.size > 0) {
        for (const record of toRecords(captured)) this.notify({ type: 'record', record });
      }
    }
  }

  /** Call `subscriber` on every appended record and every reset run; the returned function unsubscribes. */
  subscribe(subscriber: (change: JournalChange) => void): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /** Release the storage: an SQLite file is closed. */
  close(): void {
    this.storage.close();
  }

  /**
   * Wait until the run has `count` records matching `filter`, or until `timeoutMs` passes or
   * `signal` aborts; resolve with the matching records either way.
   */
  wait(
    runId: string,
    filter: RecordFilter,
    count: number,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<WaitResult> {
    const existing = this.entries(runId, filter);
    if (existing.length >= count) {
      return Promise.resolve({ satisfied: true, records: toRecords(existing) });
    }

    return new Promise((resolve) => {
      const waiter: Waiter = { filter, count, matches: existing, finish: () => undefined };
      const onAbort = (): void => waiter.finish(false);
      const timer = setTimeout(() => waiter.finish(false), timeoutMs);

      waiter.finish = (satisfied) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const waiters = this.waiters.get(runId);
        waiters?.delete(waiter);
        if (waiters?.size === 0) this.waiters.delete(runId);
        resolve({ satisfied, records: toRecords(waiter.matches) });
      };

      let waiters = this.waiters.get(runId);
      if (waiters === undefined) {
        waiters = new Set();
        this.waiters.set(runId, waiters);
      }
      waiters.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Count the waits of a run that have not returned yet. */
  pendingWaits(runId: string): number {
    return this.waiters.get(runId)?.size ?? 0;
  }

  /** Drop a run's records. Pending waits of the run start counting again from nothing. */
  resetRun(runId: string): void {
    this.storage.resetRun(runId);
    for (const waiter of this.waiters.get(runId) ?? []) waiter.matches = [];
    this.notify({ type: 'reset', runId });
  }

  /** The kept entries of a run that match `filter`, before they are turned into records. */
  private entries(runId: string, filter: RecordFilter): JournalEntry[] {
    return this.storage.records(runId).filter((record) => matches(record, filter));
  }

  /** Tell subscribers of a record. A compact entry is expanded only when someone listens. */
  private notifyRecord(entry: JournalEntry): void {
    if (this.subscribers.size === 0) return;
    this.notify({ type: 'record', record: toRecord(entry) });
  }

  private notify(change: JournalChange): void {
    for (const subscriber of this.subscribers) subscriber(change);
  }
}
