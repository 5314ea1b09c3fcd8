import type { JournalEntry } from '../core/entry.js';
import type { KeptRequest } from './raw-request.js';
import { EntryQueue } from './entry-queue.js';
import {
  checkLimits,
  entryBytes,
  type JournalLimits,
  type JournalStats,
  type JournalStorage,
  type RunSummary,
} from './storage.js';

interface RunEntries {
  records: EntryQueue<JournalEntry>;
  requests: EntryQueue<KeptRequest>;
  /** Size of the run's kept entries; counted only under a byte limit. */
  bytes: number;
  /** False once the run is reset; its queued entries are then skipped. */
  live: boolean;
}

/**
 * The journal in process memory, the default. Without limits an append is two array pushes; the
 * queue that finds the oldest entry exists only when a limit is set.
 */
export class MemoryStorage implements JournalStorage {
  readonly kind = 'memory';
  private readonly runMap = new Map<string, RunEntries>();
  // Every kept entry in append order, for dropping the oldest first, in two parallel arrays so no
  // object is made per entry. One has the entry's run. The other has its size times two, plus 1
  // for a raw request.
  private queueRuns: RunEntries[] = [];
  private queueMeta: number[] = [];
  private queueStart = 0;
  private recordCount = 0;
  private requestCount = 0;
  private byteCount = 0;
  private highestSeq = 0;
  private readonly dropped = { records: 0, requests: 0 };
  private readonly bounded: boolean;

  constructor(private readonly limits: JournalLimits = {}) {
    checkLimits(limits);
    this.bounded = limits.maxRecords !== undefined || limits.maxBytes !== undefined;
  }

  lastSeq(): number {
    return this.highestSeq;
  }

  append(record: JournalEntry): void {
    const run = this.run(record.runId);
    run.records.push(record);
    this.recordCount += 1;
    this.highestSeq = Math.max(this.highestSeq, record.seq);
    if (this.bounded) this.enqueue(run, false, record);
  }

  appendRequest(request: KeptRequest): void {
    const run = this.run(request.runId);
    run.requests.push(request);
    this.requestCount += 1;
    if (this.bounded) this.enqueue(run, true, request);
  }

  records(runId: string): JournalEntry[] {
    return this.runMap.get(runId)?.records.toArray() ?? [];
  }

  recent(limit: number): JournalEntry[] {
    const all = [...this.runMap.values()].flatMap((run) => run.records.toArray());
    return all.sort((a, b) => a.seq - b.seq).slice(-limit);
  }

  requests(runId: string): KeptRequest[] {
    return this.runMap.get(runId)?.requests.toArray() ?? [];
  }

  runs(): RunSummary[] {
    const summaries: RunSummary[] = [];
    for (const [runId, run] of this.runMap) {
      if (run.records.length === 0) continue;
      summaries.push({
        runId,
        records: run.records.length,
        firstReceivedAt: (run.records.first() as JournalEntry).receivedAt,
        lastReceivedAt: (run.records.last() as JournalEntry).receivedAt,
      });
    }
    return summaries;
  }

  stats(): JournalStats {
    return {
      storage: this.kind,
      records: this.recordCount,
      requests: this.requestCount,
      bytes: this.limits.maxBytes === undefined ? null : this.byteCount,
      limits: { ...this.limits },
      dropped: { ...this.dropped },
    };
  }

  resetRun(runId: string): void {
    const run = this.runMap.get(runId);
    if (run === undefined) return;
    this.runMap.delete(runId);
    run.live = false;
    this.recordCount -= run.records.length;
    this.requestCount -= run.requests.length;
    this.byteCount -= run.bytes;
    // Queued entries of the run stay until they are reached; compact when they pile up.
    if (
      this.bounded &&
      this.queueRuns.length - this.queueStart > 2 * (this.recordCount + this.requestCount) + 1024
    ) {
      this.compactQueue();
    }
  }

  close(): void {
    // Nothing to release.
  }

  private run(runId: string): RunEntries {
    let run = this.runMap.get(runId);
    if (run === undefined) {
      run = { records: new EntryQueue(), requests: new EntryQueue(), bytes: 0, live: true };
      this.runMap.set(runId, run);
    }
    return run;
  }

  private enqueue(run: RunEntries, isRequest: boolean, entry: JournalEntry | KeptRequest): void {
    const bytes = this.limits.maxBytes === undefined ? 0 : entryBytes(entry);
    run.bytes += bytes;
    this.byteCount += bytes;
    this.queueRuns.push(run);
    this.queueMeta.push(bytes * 2 + (isRequest ? 1 : 0));
    this.dropOldest();
  }

  /** Drop entries oldest first until the journal is within its limits. */
  private dropOldest(): void {
    const { maxRecords = Infinity, maxBytes = Infinity } = this.limits;
    while (
      (this.recordCount > maxRecords || this.byteCount > maxBytes) &&
      this.queueStart < this.queueRuns.length
    ) {
      const run = this.queueRuns[this.queueStart];
      const meta = this.queueMeta[this.queueStart];
      this.queueStart += 1;
      if (!run.live) continue;

      const bytes = Math.floor(meta / 2);
      run.bytes -= bytes;
      this.byteCount -= bytes;
      if (meta % 2 === 0) {
        run.records.dropFirst();
        this.recordCount -= 1;
        this.dropped.records += 1;
      } else {
        run.requests.dropFirst();
        this.requestCount -= 1;
        this.dropped.requests += 1;
      }
    }
    if (this.queueStart > 1024 && this.queueStart * 2 > this.queueRuns.length) this.compactQueue();
  }

  private compactQueue(): void {
    const runs: RunEntries[] = [];
    const meta: number[] = [];
    for (let index = this.queueStart; index < this.queueRuns.length; index++) {
      if (!this.queueRuns[index].live) continue;
      runs.push(this.queueRuns[index]);
      meta.push(this.queueMeta[index]);
    }
    this.queueRuns = runs;
    this.queueMeta = meta;
    this.queueStart = 0;
  }
}
