import type { JournalRecord, RawRequest } from '../core/types.js';
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
  records: EntryQueue<JournalRecord>;
  requests: EntryQueue<RawRequest>;
  /** Size of the run's kept entries; counted only under a byte limit. */
  bytes: number;
  /** False once the run is reset; its queued entries are then skipped. */
  live: boolean;
}

/** One kept entry in append order, for dropping the oldest first. */
interface QueuedEntry {
  run: RunEntries;
  kind: 'record' | 'request';
  bytes: number;
}

/**
 * The journal in process memory, the default. Without limits an append is two array pushes; the
 * queue that finds the oldest entry exists only when a limit is set.
 */
export class MemoryStorage implements JournalStorage {
  readonly kind = 'memory';
  private readonly runMap = new Map<string, RunEntries>();
  private queue: QueuedEntry[] = [];
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

  append(record: JournalRecord): void {
    const run = this.run(record.runId);
    run.records.push(record);
    this.recordCount += 1;
    this.highestSeq = Math.max(this.highestSeq, record.seq);
    if (this.bounded) this.enqueue(run, 'record', record);
  }

  appendRequest(request: RawRequest): void {
    const run = this.run(request.runId);
    run.requests.push(request);
    this.requestCount += 1;
    if (this.bounded) this.enqueue(run, 'request', request);
  }

  records(runId: string): JournalRecord[] {
    return this.runMap.get(runId)?.records.toArray() ?? [];
  }

  recent(limit: number): JournalRecord[] {
    const all = [...this.runMap.values()].flatMap((run) => run.records.toArray());
    return all.sort((a, b) => a.seq - b.seq).slice(-limit);
  }

  requests(runId: string): RawRequest[] {
    return this.runMap.get(runId)?.requests.toArray() ?? [];
  }

  runs(): RunSummary[] {
    const summaries: RunSummary[] = [];
    for (const [runId, run] of this.runMap) {
      if (run.records.length === 0) continue;
      summaries.push({
        runId,
        records: run.records.length,
        firstReceivedAt: (run.records.first() as JournalRecord).receivedAt,
        lastReceivedAt: (run.records.last() as JournalRecord).receivedAt,
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
      this.queue.length - this.queueStart > 2 * (this.recordCount + this.requestCount) + 1024
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

  private enqueue(
    run: RunEntries,
    kind: QueuedEntry['kind'],
    entry: JournalRecord | RawRequest,
  ): void {
    const bytes = this.limits.maxBytes === undefined ? 0 : entryBytes(entry);
    run.bytes += bytes;
    this.byteCount += bytes;
    this.queue.push({ run, kind, bytes });
    this.dropOldest();
  }

  /** Drop entries oldest first until the journal is within its limits. */
  private dropOldest(): void {
    const { maxRecords = Infinity, maxBytes = Infinity } = this.limits;
    while (
      (this.recordCount > maxRecords || this.byteCount > maxBytes) &&
      this.queueStart < this.queue.length
    ) {
      const oldest = this.queue[this.queueStart];
      this.queueStart += 1;
      if (!oldest.run.live) continue;

      oldest.run.bytes -= oldest.bytes;
      this.byteCount -= oldest.bytes;
      if (oldest.kind === 'record') {
        oldest.run.records.dropFirst();
        this.recordCount -= 1;
        this.dropped.records += 1;
      } else {
        oldest.run.requests.dropFirst();
        this.requestCount -= 1;
        this.dropped.requests += 1;
      }
    }
    if (this.queueStart > 1024 && this.queueStart * 2 > this.queue.length) this.compactQueue();
  }

  private compactQueue(): void {
    this.queue = this.queue.slice(this.queueStart).filter((entry) => entry.run.live);
    this.queueStart = 0;
  }
}
