import type { GeoInfo } from './addons/ip-to-geo.js';
import { KeenError, notFound } from './errors.js';
import { corsHeaders, preflightHeaders } from './cors.js';
import { Journal } from './journal.js';
import { Registry } from './registry.js';
import { emptyReply, errorReply } from './replies.js';
import { resolveRoute, type Route } from './route.js';
import { EventStore } from './store.js';
import type { CoreRequest, CoreResponse, RegistryMode } from './types.js';
import { recordWrite, type WriteDeps } from './write.js';

export interface MockCoreOptions {
  /** Strict accepts only registered projects and keys; permissive creates a project on its first write. Default strict. */
  registry?: RegistryMode;
  /** Take `${keen.ip}` from the first `X-Forwarded-For` address instead of the socket peer. Default false. */
  trustForwardedFor?: boolean;
  /** `keen:ip_to_geo` results by IP address. Addresses not listed, and non-public ones, give null fields. */
  ipGeo?: Record<string, GeoInfo>;
}

/** The transport-free mock: Keen's API as a function from request to response, plus its state. */
export interface MockCore {
  readonly registry: Registry;
  readonly journal: Journal;
  readonly store: EventStore;
  handle(request: CoreRequest): CoreResponse;
  /** Drop a run's records, stored events and projects. */
  resetRun(runId: string): void;
}

/** Reduce an IPv4-mapped IPv6 address such as `::ffff:127.0.0.1` to IPv4. */
function normalizeIp(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice('::ffff:'.length) : address;
}

function clientIpReader(trustForwardedFor: boolean): (request: CoreRequest) => string {
  return (request) => {
    const forwarded = request.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (trustForwardedFor && first) return normalizeIp(first);
    return normalizeIp(request.clientIp);
  };
}

function dispatch(deps: WriteDeps, request: CoreRequest, route: Route, query: URLSearchParams, cors: Record<string, string>): CoreResponse {
  const { method } = request;
  const { endpoint } = route;

  if (endpoint.kind === 'events' && method === 'POST') {
    return recordWrite(deps, request, route, query, 'batch', null, cors);
  }
  if (endpoint.kind === 'collection' && method === 'POST') {
    return recordWrite(deps, request, route, query, 'single', endpoint.collection, cors);
  }
  if (endpoint.kind === 'collection' && (method === 'GET' || method === 'HEAD') && query.has('data')) {
    return recordWrite(deps, request, route, query, 'get', endpoint.collection, cors);
  }
  throw notFound(`No Keen resource for ${method} ${route.keenPath}.`);
}

export function createMockCore(options: MockCoreOptions = {}): MockCore {
  const registry = new Registry(options.registry ?? 'strict');
  const journal = new Journal();
  const store = new EventStore();
  const deps: WriteDeps = {
    registry,
    journal,
    store,
    clientIp: clientIpReader(options.trustForwardedFor ?? false),
    addonOptions: { ipGeo: new Map(Object.entries(options.ipGeo ?? {})) },
  };

  function handle(request: CoreRequest): CoreResponse {
    if (request.method === 'OPTIONS') {
      return emptyReply(204, preflightHeaders(request.headers));
    }

    const cors = corsHeaders(request.headers);
    let response: CoreResponse;
    try {
      const route = resolveRoute(request.path);
      response = dispatch(deps, request, route, new URLSearchParams(request.query), cors);
    } catch (error) {
      if (!(error instanceof KeenError)) throw error;
      response = errorReply(error, cors);
    }
    return request.method === 'HEAD' ? { ...response, body: '' } : response;
  }

  function resetRun(runId: string): void {
    journal.resetRun(runId);
    store.resetRun(runId);
    registry.dropRun(runId);
  }

  return { registry, journal, store, handle, resetRun };
}
