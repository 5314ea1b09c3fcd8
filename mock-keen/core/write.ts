import { randomUUID } from 'node:crypto';

import type { AddonOptions } from './addons/run.js';
import { checkAccess, findPresentedKey, identifyKey, type PresentedKey } from './auth.js';
import { decodeDataParameter, isJsonObject, parseJsonBytes } from './decode.js';
import { KeenError, notFound } from './errors.js';
import type { Journal } from './journal.js';
import type { Project, Registry } from './registry.js';
import {
  NO_STORE,
  errorReply,
  gifReply,
  isValidCallback,
  jsonReply,
  jsonpReply,
  redirectReply,
} from './replies.js';
import type { Route } from './route.js';
import { buildStoredEvent, type RequestContext } from './stored.js';
import type { EventStore } from './store.js';
import type { CoreRequest, CoreResponse, JournalRecord, KeyKind, WriteTransport } from './types.js';
import { MAX_BATCH_BYTES, MAX_EVENT_BYTES, checkEvent } from './validate.js';

/** The parts of the core a write needs. */
export interface WriteDeps {
  registry: Registry;
  journal: Journal;
  store: EventStore;
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
}

/** One event's verdict inside a request. */
interface EventResult {
  collection: string | null;
  body: unknown;
  stored: Record<string, unknown> | null;
  error: KeenError | null;
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

function journal(state: WriteState, results: EventResult[], status: number): void {
  for (const result of results) {
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
  const userAgent = state.request.headers['user-agent'];
  return {
    createdAt: state.receivedAt,
    clientIp: state.deps.clientIp(state.request),
    userAgent: typeof userAgent === 'string' ? userAgent : null,
    addonOptions: state.deps.addonOptions,
  };
}

/** Store an event that passed validation, and return its verdict. */
function storeEvent(
  state: WriteState,
  collection: string,
  event: Record<string, unknown>,
  context: RequestContext,
): EventResult {
  const stored = buildStoredEvent(event, context);
  state.deps.store.add(state.route.runId, state.route.projectId, collection, stored);
  return { collection, body: event, stored, error: null };
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
  const event = parseJsonBytes(
    bytes,
    'InvalidEventError',
    state.form === 'get' ? '`data` parameter' : 'request body',
  );
  if (state.transport === 'jsonp' && !isValidCallback(state.query.get('jsonp'))) {
    throw new KeenError(
      'InvalidEventError',
      'The jsonp parameter must be a JavaScript identifier or a dotted path of identifiers.',
    );
  }
  if (state.transport === 'redirect') checkRedirect(state.query.get('redirect'));
  const error = checkEvent(collection, event, () => 0);
  if (error !== null) throw error;
  return [storeEvent(state, collection, event as Record<string, unknown>, requestContext(state))];
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
  const batch = parseJsonBytes(bytes, 'InvalidBatchError', 'batch body');
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
  const context = requestContext(state);
  const results: EventResult[] = [];
  for (const [collection, events] of Object.entries(batch) as Array<[string, unknown[]]>) {
    for (const event of events) {
      const error = checkEvent(collection, event, () =>
        eventsMayBeTooLarge ? Buffer.byteLength(JSON.stringify(event)) : 0,
      );
      results.push(
        error === null
          ? storeEvent(state, collection, event as Record<string, unknown>, context)
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
  const created = { created: true };
  if (state.transport === 'jsonp')
    return jsonpReply(state.query.get('jsonp') as string, created, state.cors);
  if (state.transport === 'redirect')
    return redirectReply(state.query.get('redirect') as string, state.cors);
  if (state.transport === 'image') return gifReply(state.cors);
  return jsonReply(201, created, state.cors);
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
    receivedAt: new Date().toISOString(),
    presented: findPresentedKey(request.headers, query),
    keyKind: null,
    cors,
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
