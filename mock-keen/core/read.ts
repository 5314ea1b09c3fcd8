import { checkAccess, findPresentedKey, identifyKey, type Access } from './auth.js';
import { parseJsonBytes } from './decode.js';
import { notFound } from './errors.js';
import { matchesFilters, readFilters } from './query/filters.js';
import {
  ANALYSIS_TYPES,
  paramsFromBody,
  paramsFromQueryString,
  type AnalysisType,
} from './query/params.js';
import { runQuery } from './query/run.js';
import { parseTimestamp, resolveOffsetMinutes, resolveTimeframe } from './query/time.js';
import type { Registry } from './registry.js';
import { emptyReply, jsonReply } from './replies.js';
import type { Route } from './route.js';
import { collectionSchema } from './schema.js';
import type { EventStore } from './store.js';
import type { CoreRequest, CoreResponse } from './types.js';

/** The parts of the core the read, schema and delete endpoints need. */
export interface ReadDeps {
  registry: Registry;
  store: EventStore;
}

/** Check project, key and key kind in Keen's order. */
function authorizeRead(
  deps: ReadDeps,
  request: CoreRequest,
  route: Route,
  query: URLSearchParams,
  access: Access,
): void {
  const project = deps.registry.findProject(route.runId, route.projectId);
  if (project === undefined) {
    throw notFound(
      `Project ${route.projectId} is not registered for run ${route.runId}: register it with PUT /mock/runs/${route.runId}.`,
    );
  }
  checkAccess(identifyKey(project, findPresentedKey(request.headers, query)), access);
}

export function isAnalysisType(name: string): name is AnalysisType {
  return (ANALYSIS_TYPES as readonly string[]).includes(name);
}

/** Run a `GET` or `POST /queries/{analysis_type}` and reply with `{result}`. */
export function answerQuery(
  deps: ReadDeps,
  request: CoreRequest,
  route: Route,
  query: URLSearchParams,
  type: AnalysisType,
  cors: Record<string, string>,
): CoreResponse {
  authorizeRead(deps, request, route, query, 'read');
  const params =
    request.method === 'POST'
      ? paramsFromBody(parseJsonBytes(request.rawBody, 'InvalidQueryError', 'query body'))
      : paramsFromQueryString(query);
  const source = (collection: string) =>
    deps.store.events(route.runId, route.projectId, collection);
  return jsonReply(200, { result: runQuery(type, params, source, Date.now()) }, cors);
}

/** Reply to `GET /events` (every collection) or `GET /events/{collection}` without `data` with a schema. */
export function answerSchema(
  deps: ReadDeps,
  request: CoreRequest,
  route: Route,
  query: URLSearchParams,
  collection: string | null,
  cors: Record<string, string>,
): CoreResponse {
  authorizeRead(deps, request, route, query, 'admin');
  const { runId, projectId } = route;

  if (collection !== null) {
    const events = deps.store.events(runId, projectId, collection);
    if (events.length === 0)
      throw notFound(`Collection ${JSON.stringify(collection)} has no stored events.`);
    return jsonReply(200, { properties: collectionSchema(events) }, cors);
  }
  const schemas = deps.store.collections(runId, projectId).map((name) => ({
    name,
    properties: collectionSchema(deps.store.events(runId, projectId, name)),
    url: `/3.0/projects/${projectId}/events/${encodeURIComponent(name)}`,
  }));
  return jsonReply(200, schemas, cors);
}

/** Delete the events of a collection that match `filters`, `timeframe` and `timezone`, and reply 204. */
export function answerDelete(
  deps: ReadDeps,
  request: CoreRequest,
  route: Route,
  query: URLSearchParams,
  collection: string,
  cors: Record<string, string>,
): CoreResponse {
  authorizeRead(deps, request, route, query, 'admin');
  const params = paramsFromQueryString(query);
  const now = Date.now();
  const range = resolveTimeframe(params.timeframe, resolveOffsetMinutes(params.timezone, now), now);
  const filters = readFilters(params.filters);

  deps.store.retain(route.runId, route.projectId, collection, (event) => {
    const time = parseTimestamp((event.keen as { timestamp?: unknown }).timestamp);
    const inRange = range === null || (time >= range.start && time < range.end);
    return !(inRange && matchesFilters(event, filters));
  });
  return emptyReply(204, cors);
}
