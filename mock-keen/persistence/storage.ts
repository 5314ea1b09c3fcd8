import { entryJson, type JournalEntry } from '../core/entry.js';
import { CapturedRequest, type KeptRequest } from './raw-request.js';

/** Bounds on a journal; when one is passed the oldest entries are dropped first. Unbounded when absent. */
export interface JournalLimits {
  /** Maximum number of journal records kept. */
  maxRecords?: number;
  /** Maximum size in bytes of the kept records and raw requests, each counted as its JSON text. */
  maxBytes?: number;
}

/** Counts of a journal, as the inspection API and the journal's page show them. */
export interface JournalStats {
  storage: 'memory' | 'sqlite';
  records: number;
  requests: number;
  /** Size of the kept entries as JSON text; null when no byte limit is set and nothing measured it. */
  bytes: number | null;
  limits: JournalLimits;
  /** Entries dropped to stay within the limits since the journal was created. */
  dropped: { records: number; requests: number };
}

/** One run in the journal. */
export interface RunSummary {
  runId: string;
  records: number;
  /** ISO 8601 receive time of the run's first and last kept record. */
  firstReceivedAt: string;
  lastReceivedAt: string;
}

/**
 * Storage of the journal's records and raw requests. Entries are kept in append order and
 * dropped oldest first when a limit is passed. A raw request is appended after the records of its
 * request, so it outlives them by at most the records appended in between.
 */
export interface JournalStorage {
  readonly kind: JournalStats['storage'];
  /** The highest sequence number kept or ever dropped; 0 for a new journal. */
  lastSeq(): number;
  /** Keep an entry; a storage that cannot keep compact entries expands them into records first. */
  append(entry: JournalEntry): void;
  /** Keep a raw request; a storage that cannot keep captured requests redacts them first. */
  appendRequest(request: KeptRequest): void;
  /** The kept entries of a run, in sequence order. */
  records(runId: string): JournalEntry[];
  /** The most recent kept entries of every run, in sequence order, at most `limit`. */
  recent(limit: number): JournalEntry[];
  /** The kept raw requests of a run, in receive order. */
  requests(runId: string): KeptRequest[];
  runs(): RunSummary[];
  stats(): JournalStats;
  resetRun(runId: string): void;
  close(): void;
}

/** Check that every limit given is a positive integer. */
export function checkLimits(limits: JournalLimits): void {
  for (const [name, value] of Object.entries(limits)) {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 1)) {
      throw new RangeError(`Journal limit ${name} must be a positive integer (got ${value}).`);
    }
  }
}

/** Size of an entry as the byte limit counts it. */
export function entryBytes(entry: JournalEntry | KeptRequest): number {
  if (entry instanceof CapturedRequest)
    return Buffer.byteLength(JSON.stringify(entry.toRawRequest()));
  if ('seq' in entry) return Buffer.byteLength(entryJson(entry));
  return Buffer.byteLength(JSON.stringify(entry));
}
