import { notFound } from './errors.js';

export const DEFAULT_RUN_ID = 'default';

/** Run ids allowed in `/runs/{runId}/…`. */
export const RUN_ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;

export type Endpoint =
  | { kind: 'events'; collection: null }
  | { kind: 'collection'; collection: string }
  | { kind: 'query'; analysisType: string };

/** A Keen route resolved from a request path. */
export interface Route {
  runId: string;
  projectId: string;
  /** The path without the run prefix, still percent-encoded. */
  keenPath: string;
  endpoint: Endpoint;
}

const RUN_PREFIX = '/runs/';
const PROJECTS_PREFIX = '/3.0/projects/';

function decodeSegment(segment: string, path: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw notFound(`Path ${path} has an invalid percent-encoded segment.`);
  }
}

/** Split off `/runs/{runId}` when present; a path without it belongs to the run `default`. */
function splitRun(path: string): { runId: string; keenPath: string } {
  if (!path.startsWith(RUN_PREFIX)) {
    return { runId: DEFAULT_RUN_ID, keenPath: path };
  }
  const end = path.indexOf('/', RUN_PREFIX.length);
  const runId = path.slice(RUN_PREFIX.length, end === -1 ? path.length : end);
  if (end === -1 || !RUN_ID_PATTERN.test(runId)) {
    throw notFound(
      `Path ${path} does not name a valid run: run ids match ${RUN_ID_PATTERN.source}.`,
    );
  }
  return { runId, keenPath: path.slice(end) };
}

/** Recently resolved routes by path, because a client sends most of its writes to a few paths. */
const recentRoutes = new Map<string, Readonly<Route>>();
const RECENT_ROUTES_LIMIT = 1024;

/**
 * Resolve a request path to a Keen route, or throw ResourceNotFoundError. The collection segment is
 * percent-decoded once, so a `+` in the path stays a plus sign. The route is shared by every request
 * to the same path, so callers must not change it.
 */
export function resolveRoute(path: string): Readonly<Route> {
  let route = recentRoutes.get(path);
  if (route === undefined) {
    route = parseRoute(path);
    if (recentRoutes.size >= RECENT_ROUTES_LIMIT) recentRoutes.clear();
    recentRoutes.set(path, route);
  }
  return route;
}

function parseRoute(path: string): Route {
  const { runId, keenPath } = splitRun(path);
  if (!keenPath.startsWith(PROJECTS_PREFIX)) {
    throw notFound(`No Keen resource at ${path}.`);
  }

  const segments = keenPath.slice(PROJECTS_PREFIX.length).split('/');
  const [projectSegment, section, name, ...rest] = segments;
  if (projectSegment === undefined || projectSegment === '' || rest.length > 0) {
    throw notFound(`No Keen resource at ${path}.`);
  }
  const projectId = decodeSegment(projectSegment, path);

  if (section === 'events' && name === undefined) {
    return { runId, projectId, keenPath, endpoint: { kind: 'events', collection: null } };
  }
  if (section === 'events' && name !== undefined) {
    const collection = decodeSegment(name, path);
    return { runId, projectId, keenPath, endpoint: { kind: 'collection', collection } };
  }
  if (section === 'queries' && name !== undefined && name !== '') {
    const analysisType = decodeSegment(name, path);
    return { runId, projectId, keenPath, endpoint: { kind: 'query', analysisType } };
  }
  throw notFound(`No Keen resource at ${path}.`);
}
