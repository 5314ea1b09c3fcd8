import type { JournalRecord, Outcome } from './types.js';

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

interface Waiter {
  filter: RecordFilter;
  count: number;
  matches: JournalRecord[];
  finish: (satisfied: boolean) => void;
}

function matches(record: JournalRecord, filter: RecordFilter): boolean {
  return (
    (filter.collection === undefined || record.collection === filter.collection) &&
    (filter.outcome === undefined || record.outcome === filter.outcome) &&
    (filter.since === undefined || record.seq > filter.since)
  );
}

/**
 * The records of every run, in receive order. Waiters are checked against each appended record, so
 * a wait returns as soon as its condition holds.
 */
export class Journal {
  private readonly runs = new Map<string, JournalRecord[]>();
  private readonly waiters = new Map<string, Set<Waiter>>();
  private lastSeq = 0;

  /** Give the next sequence number, increasing across the whole mock. */
  nextSeq(): number {
    this.lastSeq += 1;
    return this.lastSeq;
  }

  append(record: JournalRecord): void {
    let records = this.runs.get(record.runId);
    if (records === undefined) {
      records = [];
      this.runs.set(record.runId, records);
    }
    records.push(record);

    const waiters = this.waiters.get(record.runId);
    if (waiters === undefined) return;
    for (const waiter of waiters) {
      if (!matches(record, waiter.filter)) continue;
      waiter.matches.push(record);
      if (waiter.matches.length >= waiter.count) waiter.finish(true);
    }
  }

  list(runId: string, filter: RecordFilter = {}): JournalRecord[] {
    return (this.runs.get(runId) ?? []).filter((record) => matches(record, filter));
  }

  /**
   * Wait until the run has `count` records matching `filter`, or until `timeoutMs` passes or
   * `signal` aborts; resolve with the matching records either way.
   */
  wait(runId: string, filter: RecordFilter, count: number, timeoutMs: number, signal?: AbortSignal): Promise<WaitResult> {
    const existing = this.list(runId, filter);
    if (existing.length >= count) {
      return Promise.resolve({ satisfied: true, records: existing });
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
        resolve({ satisfied, records: waiter.matches });
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
    this.runs.delete(runId);
    for (const waiter of this.waiters.get(runId) ?? []) waiter.matches = [];
  }
}
