import { isJsonObject } from './decode.js';
import { buildStoredEvent, formatKeenId, type RequestContext } from './stored.js';
import type { JournalRecord, KeyKind, KeyLocation, WriteTransport } from './types.js';

/**
 * Facts shared by the accepted events of one write request, with the JSON text they were parsed
 * from. The journal keeps these once per request. Before, it kept two object trees per event (the
 * body as received and the event as stored), and they took most of the mock's memory.
 */
export interface WriteFacts {
  runId: string;
  requestId: string;
  projectId: string;
  transport: WriteTransport;
  method: string;
  path: string;
  keyLocation: KeyLocation | null;
  keyKind: KeyKind | null;
  status: number;
  receivedAt: string;
  context: RequestContext;
  /** True when `source` is a batch body, `{collection: [event, …]}`, and false for a single event. */
  batch: boolean;
  /** JSON text the events were parsed from. It was valid when they were accepted. */
  source: string;
}

/**
 * An accepted event in compact form: its request's facts and its place in the request's source.
 * Each read parses the body again and builds the stored event again. Both come out as they were
 * accepted, because the stored event depends only on the body, the request's context and `keen.id`.
 * Events that declare add-ons are kept whole.
 */
export class AcceptedEntry {
  constructor(
    readonly seq: number,
    readonly facts: WriteFacts,
    /** Position among the request's events, in the order of the batch body's collections. */
    readonly index: number,
    readonly collection: string,
    /** Number from which `keen.id` is formatted. */
    readonly keenId: number,
  ) {}

  get runId(): string {
    return this.facts.runId;
  }

  get requestId(): string {
    return this.facts.requestId;
  }

  get outcome(): 'accepted' {
    return 'accepted';
  }

  get path(): string {
    return this.facts.path;
  }

  get status(): number {
    return this.facts.status;
  }

  get receivedAt(): string {
    return this.facts.receivedAt;
  }
}

/** A journal entry as storage keeps it: a whole record, or an accepted event in compact form. */
export type JournalEntry = JournalRecord | AcceptedEntry;

/** Parse a request's source into its events, in journal order. */
function sourceEvents(facts: WriteFacts): unknown[] {
  const parsed: unknown = JSON.parse(facts.source);
  if (!facts.batch) return [parsed];
  if (!isJsonObject(parsed)) return [];
  // Object.values gives the order in which the write's Object.entries took the events.
  const events: unknown[] = [];
  for (const list of Object.values(parsed)) {
    if (Array.isArray(list)) for (const event of list) events.push(event);
  }
  return events;
}

function expand(entry: AcceptedEntry, events: unknown[]): JournalRecord {
  const { facts } = entry;
  const body = events[entry.index] as Record<string, unknown>;
  return {
    seq: entry.seq,
    runId: facts.runId,
    requestId: facts.requestId,
    projectId: facts.projectId,
    collection: entry.collection,
    body,
    stored: buildStoredEvent(body, facts.context, formatKeenId(entry.keenId)),
    transport: facts.transport,
    method: facts.method,
    path: facts.path,
    keyLocation: facts.keyLocation,
    keyKind: facts.keyKind,
    outcome: 'accepted',
    errorCode: null,
    status: facts.status,
    receivedAt: facts.receivedAt,
  };
}

/**
 * Turn entries into records, in the same order. A compact entry gives new objects on every call,
 * and a whole record is the journal's own object. A request's source is parsed once per call for
 * all its entries.
 */
export function toRecords(entries: readonly JournalEntry[]): JournalRecord[] {
  let lastFacts: WriteFacts | null = null;
  let lastEvents: unknown[] = [];
  return entries.map((entry) => {
    if (!(entry instanceof AcceptedEntry)) return entry;
    if (entry.facts !== lastFacts) {
      lastFacts = entry.facts;
      lastEvents = sourceEvents(entry.facts);
    }
    return expand(entry, lastEvents);
  });
}

export function toRecord(entry: JournalEntry): JournalRecord {
  return toRecords([entry])[0];
}

/** The last source parsed by `entryJson`, kept because a batch's entries arrive one by one. */
let lastSerialized: { facts: WriteFacts; events: unknown[] } | null = null;

/**
 * Serialize an entry as its record's JSON, for storage that keeps text or counts bytes. A request's
 * entries usually arrive one after another, so its source is parsed once for all of them. Sharing
 * the parse is safe, because no parsed object leaves this function.
 */
export function entryJson(entry: JournalEntry): string {
  if (!(entry instanceof AcceptedEntry)) return JSON.stringify(entry);
  if (lastSerialized?.facts !== entry.facts) {
    lastSerialized = { facts: entry.facts, events: sourceEvents(entry.facts) };
  }
  return JSON.stringify(expand(entry, lastSerialized.events));
}
