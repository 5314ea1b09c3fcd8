import { randomUUID } from 'node:crypto';

import type { AddonOptions } from './addons/run.js';
import { checkAccess, findPresentedKey, identifyKey, type PresentedKey } from './auth.js';
import {
  decodeDataParameter,
  decodeUtf8,
  isJsonObject,
  parseJsonBytes,
  parseJsonText,
} from './decode.js';
import { AcceptedEntry, type WriteFacts } from './entry.js';
import { KeenError, notFound } from './errors.js';
import type { Journal } from './journal.js';
import type { Project, Registry } from './registry.js';
import {
  NO_STORE,
  createdReply,
  errorReply,
  gifReply,
  isValidCallback,
  jsonReply,
  jsonpReply,
  redirectReply,
} from './replies.js';
import type { Route } from './route.js';
import { buildStoredEvent, nextKeenIdNumber, type RequestContext } from './stored.js';
import type { CoreRequest, CoreResponse, JournalRecord, KeyKind, WriteTransport } from './types.js';
import { MAX_BATCH_BYTES, MAX_EVENT_BYTES, checkEvent } from './validate.js';

/** The parts of the core a write needs. */
export interface WriteDeps {
  registry: Registry;
  journal: Journal;
  clientIp: (request: CoreRequest) => string;
  addonOptions: AddonOptions;
}

/** Form of a recording request: single POST, batch POST or GET with `data`. */
export type WriteForm = 'single' | 'batch' | 'get';

/** One request being recorded: what is known about it so far. */
interface WriteState {
  deps: WriteDeps;
  request: CoreRequest;
  route: Route;
  query: URLSearchParams;
  form: WriteForm;
  transport: WriteTransport;
  requestId: string;
  receivedAt: string;
  presented: PresentedKey | null;
  keyKind: KeyKind | null;
  cors: Record<string, string>;
  /** The JSON text the request's events were parsed from, once it is known. */
  source: string | null;
  context: RequestContext | null;
}

/** One event's verdict inside a request. */
interface EventResult {
  collection: string | null;
  body: unknown;
  stored: Record<string, unknown> | null;
  error: KeenError | null;
  /** For an accepted event kept in compact form: its position in the source and its `keen.id` number. */
  compact?: { index: number; keenId: number };
}

let lastMillis = -1;
let lastTimestamp = '';

/** Format the current time as ISO 8601, once per millisecond however many writes arrive in it. */
function currentTimestamp(): string {
  const now = Date.now();
  if (now !== lastMillis) {
    lastMillis = now;
    lastTimestamp = new Date(now).toISOString();
  }
  return lastTimestamp;
}

/** Name the transport of a write: how its event reached Keen. */
export function selectTransport(
  form: WriteForm,
  request: CoreRequest,
  query: URLSearchParams,
): WriteTransport {
  if (form === 'get') {
    if (query.has('jsonp')) return 'jsonp';
    if (query.has('redirect')) return 'redirect';
    return 'image';
  }
  const contentType = request.headers['content-type'];
  const isBeacon =
    request.headers.authorization === undefined &&
    typeof contentType === 'string' &&
    contentType.toLowerCase().startsWith('text/plain');
  if (form === 'batch') return isBeacon ? 'beacon-batch' : 'batch';
  return isBeacon ? 'beacon' : 'post';
}

function writeFacts(state: WriteState, status: number): WriteFacts {
  return {
    runId: state.route.runId,
    requestId: state.requestId,
    projectId: state.route.projectId,
    transport: state.transport,
    method: state.request.method,
    path: state.route.keenPath,
    keyLocation: state.presented?.location ?? null,
    keyKind: state.keyKind,
    status,
    receivedAt: state.receivedAt,
    context: requestContext(state),
    batch: state.form === 'batch',
    source: state.source as string,
  };
}

function journal(state: WriteState, results: EventResult[], status: number): void {
  let facts: WriteFacts | null = null;
  for (const result of results) {
    if (result.compact !== undefined) {
      facts ??= writeFacts(state, status);
      const { index, keenId } = result.compact;
      const seq = state.deps.journal.nextSeq();
      state.deps.journal.append(
        new AcceptedEntry(seq, facts, index, result.collection as string, keenId),
      );
      continue;
    }
    const record: JournalRecord = {
      seq: state.deps.journal.nextSeq(),
      runId: state.route.runId,
      requestId: state.requestId,
      projectId: state.route.projectId,
      collection: result.collection,
      body: result.body,
      stored: result.stored,
      transport: state.transport,
      method: state.request.method,
      path: state.route.keenPath,
      keyLocation: state.presented?.location ?? null,
      keyKind: state.keyKind,
      outcome: result.error === null ? 'accepted' : 'rejected',
      errorCode: result.error?.errorCode ?? null,
      status,
      receivedAt: state.receivedAt,
    };
    state.deps.journal.append(record);
  }
}

function findProject(state: WriteState): Project {
  const { registry } = state.deps;
  const { runId, projectId } = state.route;
  const project = registry.findProject(runId, projectId);
  if (project !== undefined) return project;
  if (registry.mode === 'permissive' && state.presented !== null) {
    return registry.createProject(runId, projectId, state.presented.key);
  }
  throw notFound(
    `Project ${projectId} is not registered for run ${runId}: register it with PUT /mock/runs/${runId}.`,
  );
}

/** Read the event bytes of a single write: the body of a POST, or the decoded `data` of a GET. */
function readEventBytes(state: WriteState): Buffer {
  return state.form === 'get'
    ? decodeDataParameter(state.query.get('data'))
    : state.request.rawBody;
}

/** Decode what a wholly rejected request carried, for its journal record; null when it cannot be decoded. */
function bestEffortBody(state: WriteState, error: KeenError): unknown {
  if (error.errorCode === 'RequestEntityTooLargeError') return null;
  try {
    const errorCode = state.form === 'batch' ? 'InvalidBatchError' : 'InvalidEventError';
    return parseJsonBytes(readEventBytes(state), errorCode, 'body');
  } catch {
    return null;
  }
}

function requestContext(state: WriteState): RequestContext {
  if (state.context !== null) return state.context;
  const userAgent = state.request.headers['user-agent'];
  state.context = {
    createdAt: state.receivedAt,
    clientIp: state.deps.clientIp(state.request),
    userAgent: typeof userAgent === 'string' ? userAgent : null,
    addonOptions: state.deps.addonOptions,
  };
  return state.context;
}

function declaresAddons(event: Record<string, unknown>): boolean {
  const keen = event.keen;
  return isJsonObject(keen) && Array.isArray(keen.addons) && keen.addons.length > 0;
}

/**
 * Accept an event that passed validation, and return its verdict. An event that declares add-ons
 * gets its stored form now. Any other is kept in compact form, and its stored form is built when
 * it is read, which gives the same event.
 */
function acceptEvent(
  state: WriteState,
  collection: string,
  event: Record<string, unknown>,
  index: number,
): EventResult {
  if (declaresAddons(event)) {
    const stored = buildStoredEvent(event, requestContext(state));
    return { collection, body: event, stored, error: null };
  }
  return {
    collection,
    body: event,
    stored: null,
    error: null,
    compact: { index, keenId: nextKeenIdNumber() },
  };
}

/** Check the `redirect` parameter: an absolute http or https URL. */
function checkRedirect(redirect: string | null): void {
  const url = URL.canParse(redirect ?? '') ? new URL(redirect ?? '') : null;
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new KeenError(
      'InvalidEventError',
      `The redirect parameter ${JSON.stringify(redirect)} is not an absolute http or https URL.`,
    );
  }
}

/** Record one event sent by POST or GET; throw a KeenError when it is rejected. */
function recordSingle(state: WriteState, collection: string): EventResult[] {
  const bytes = readEventBytes(state);
  if (bytes.length > MAX_EVENT_BYTES) {
    throw new KeenError(
      'RequestEntityTooLargeError',
      `The event is larger than ${MAX_EVENT_BYTES} bytes.`,
    );
  }
  const bodyName = state.form === 'get' ? '`data` parameter' : 'request body';
  const text = decodeUtf8(bytes, 'InvalidEventError', bodyName);
  const event = parseJsonText(text, 'InvalidEventError', bodyName);
  if (state.transport === 'jsonp' && !isValidCallback(state.query.get('jsonp'))) {
    throw new KeenError(
      'InvalidEventError',
      'The jsonp parameter must be a JavaScript identifier or a dotted path of identifiers.',
    );
  }
  if (state.transport === 'redirect') checkRedirect(state.query.get('redirect'));
  const error = checkEvent(collection, event, () => 0);
  if (error !== null) throw error;
  state.source = text;
  return [acceptEvent(state, collection, event as Record<string, unknown>, 0)];
}

/** Record a batch; per-event failures are verdicts, whole-batch failures throw a KeenError. */
function recordBatch(state: WriteState): { collections: string[]; results: EventResult[] } {
  const bytes = state.request.rawBody;
  if (bytes.length > MAX_BATCH_BYTES) {
    throw new KeenError(
      'RequestEntityTooLargeError',
      `The batch is larger than ${MAX_BATCH_BYTES} bytes.`,
    );
  }
  const text = decodeUtf8(bytes, 'InvalidBatchError', 'batch body');
  const batch = parseJsonText(text, 'InvalidBatchError', 'batch body');
  if (!isJsonObject(batch)) {
    throw new KeenError(
      'InvalidBatchError',
      'The batch body must be a JSON object mapping collection names to lists of events.',
    );
  }
  for (const [collection, events] of Object.entries(batch)) {
    if (!Array.isArray(events)) {
      throw new KeenError(
        'InvalidBatchError',
        `The batch value for collection ${JSON.stringify(collection)} must be a list of events.`,
      );
    }
  }

  // Serializing a parsed event gives at most 6 times its source length, because only numbers grow
  // (`1e20` becomes 21 digits), so no event of a batch under a sixth of the event limit is too large.
  const eventsMayBeTooLarge = bytes.length * 6 > MAX_EVENT_BYTES;
  state.source = text;
  const results: EventResult[] = [];
  for (const [collection, events] of Object.entries(batch) as Array<[string, unknown[]]>) {
    for (const event of events) {
      const error = checkEvent(collection, event, () =>
        eventsMayBeTooLarge ? Buffer.byteLength(JSON.stringify(event)) : 0,
      );
      results.push(
        error === null
          ? acceptEvent(state, collection, event as Record<string, unknown>, results.length)
          : { collection, body: event, stored: null, error },
      );
    }
  }
  return { collections: Object.keys(batch), results };
}

/** Build the batch reply: one key per collection, one result per event, in submission order. */
function batchReplyBody(collections: string[], results: EventResult[]): Record<string, unknown[]> {
  // A null prototype keeps a collection named __proto__ an ordinary key.
  const body = Object.create(null) as Record<string, unknown[]>;
  for (const collection of collections) body[collection] = [];
  for (const result of results) {
    const slot =
      result.error === null
        ? { success: true }
        : {
            success: false,
            error: { name: result.error.errorCode, description: result.error.message },
          };
    body[result.collection as string].push(slot);
  }
  return body;
}

/** Build the reply to a request rejected as a whole, in the form its transport expects. */
function rejectionReply(state: WriteState, error: KeenError): CoreResponse {
  const callback = state.query.get('jsonp');
  if (state.transport === 'jsonp' && isValidCallback(callback)) {
    return jsonpReply(callback, error.toBody(), state.cors);
  }
  const headers = state.form === 'get' ? { ...state.cors, ...NO_STORE } : state.cors;
  return errorReply(error, headers);
}

/** Build the reply to an accepted single event, in the form its transport expects. */
function singleReply(state: WriteState): CoreResponse {
  if (state.transport === 'jsonp')
    return jsonpReply(state.query.get('jsonp') as string, { created: true }, state.cors);
  if (state.transport === 'redirect')
    return redirectReply(state.query.get('redirect') as string, state.cors);
  if (state.transport === 'image') return gifReply(state.cors);
  return createdReply(state.cors);
}

/**
 * Record the events of a write request, journal one record per event (or one for a request
 * rejected as a whole) and build Keen's reply. Checks run in Keen's order: project, key, key kind,
 * size, parsing, validation.
 */
export function recordWrite(
  deps: WriteDeps,
  request: CoreRequest,
  route: Route,
  query: URLSearchParams,
  form: WriteForm,
  collection: string | null,
  cors: Record<string, string>,
): CoreResponse {
  const state: WriteState = {
    deps,
    request,
    route,
    query,
    form,
    transport: selectTransport(form, request, query),
    requestId: randomUUID(),
    receivedAt: currentTimestamp(),
    presented: findPresentedKey(request.headers, query),
    keyKind: null,
    cors,
    source: null,
    context: null,
  };

  try {
    state.keyKind = identifyKey(findProject(state), state.presented);
    checkAccess(state.keyKind, 'write');
    if (form === 'batch') {
      const { collections, results } = recordBatch(state);
      journal(state, results, 200);
      return jsonReply(200, batchReplyBody(collections, results), cors);
    }
    const results = recordSingle(state, collection as string);
    const reply = singleReply(state);
    journal(state, results, reply.status);
    return reply;
  } catch (error) {
    if (!(error instanceof KeenError)) throw error;
    journal(
      state,
      [{ collection, body: bestEffortBody(state, error), stored: null, error }],
      error.status,
    );
    return rejectionReply(state, error);
  }
}
