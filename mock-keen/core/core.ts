import { openGeoIpDatabase } from './addons/geoip-database.js';
import { createGeoLocator, tableSource, type GeoInfo, type GeoSource } from './addons/ip-to-geo.js';
import { KeenError, notFound } from './errors.js';
import { corsHeaders, preflightHeaders } from './cors.js';
import { FaultBook } from './faults.js';
import { Journal } from './journal.js';
import { Registry, type ProjectCreated } from './registry.js';
import { emptyReply, errorReply } from './replies.js';
import { resolveRoute, type Route } from './route.js';
import { EventStore } from './store.js';
import type { CoreRequest, CoreResponse, RegistryMode } from './types.js';
import { answerDelete, answerQuery, answerSchema, isAnalysisType } from './read.js';
import { recordWrite, selectTransport, type WriteDeps, type WriteForm } from './write.js';

export interface MockCoreOptions {
  /** Strict accepts only registered projects and keys; permissive creates a project on its first write. Default strict. */
  registry?: RegistryMode;
  /** Take `${keen.ip}` from the first `X-Forwarded-For` address instead of the socket peer. Default false. */
  trustForwardedFor?: boolean;
  /** `keen:ip_to_geo` results by exact IP address; they take precedence over `geoipDatabase`. */
  ipGeo?: Record<string, GeoInfo>;
  /**
   * Path of a MaxMind `.mmdb` database with City records (such as GeoLite2-City) for
   * `keen:ip_to_geo`. Without it, only `ipGeo` and the built-in documentation ranges give places.
   * Non-public addresses always give null fields.
   */
  geoipDatabase?: string;
  /** Called when permissive mode creates a project on its first write. */
  onProjectCreated?: (created: ProjectCreated) => void;
  /** Serve the schema and delete endpoints. When false they return 404. Default true. */
  schemaEndpoints?: boolean;
}

interface Dependencies extends WriteDeps {
  store: EventStore;
  schemaEndpoints: boolean;
}

/** The transport-free mock: Keen's API as a function from request to response, plus its state. */
export interface MockCore {
  readonly registry: Registry;
  readonly journal: Journal;
  readonly store: EventStore;
  readonly faults: FaultBook;
  handle(request: CoreRequest): CoreResponse;
  /** Drop a run's records, stored events, projects and fault rules. */
  resetRun(runId: string): void;
}

/** Reduce an IPv4-mapped IPv6 address such as `::ffff:127.0.0.1` to IPv4. */
function normalizeIp(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.')
    ? address.slice('::ffff:'.length)
    : address;
}

function clientIpReader(trustForwardedFor: boolean): (request: CoreRequest) => string {
  return (request) => {
    const forwarded = request.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (trustForwardedFor && first) return normalizeIp(first);
    return normalizeIp(request.clientIp);
  };
}

/** The recording endpoint a request reaches, or null when it reaches none. */
function findWriteForm(
  method: string,
  route: Route,
  query: URLSearchParams,
): { form: WriteForm; collection: string | null } | null {
  const { endpoint } = route;
  if (endpoint.kind === 'events' && method === 'POST') return { form: 'batch', collection: null };
  if (endpoint.kind === 'collection' && method === 'POST')
    return { form: 'single', collection: endpoint.collection };
  if (
    endpoint.kind === 'collection' &&
    (method === 'GET' || method === 'HEAD') &&
    query.has('data')
  ) {
    return { form: 'get', collection: endpoint.collection };
  }
  return null;
}

/** Route a request to its endpoint handler; a known path with an unsupported method gets 404. */
function dispatch(
  deps: Dependencies,
  faults: FaultBook,
  request: CoreRequest,
  route: Route,
  query: URLSearchParams,
  cors: Record<string, string>,
): CoreResponse {
  const { method } = request;
  const { endpoint } = route;

  const write = findWriteForm(method, route, query);
  if (write !== null) {
    const { form, collection } = write;
    const target = {
      request,
      route,
      query,
      form,
      collection,
      cors,
      transport: selectTransport(form, request, query),
    };
    return faults.apply(target, () =>
      recordWrite(deps, request, route, query, form, collection, cors),
    );
  }
  if (endpoint.kind === 'query' && (method === 'GET' || method === 'POST')) {
    if (!isAnalysisType(endpoint.analysisType)) {
      throw notFound(
        `Analysis type ${JSON.stringify(endpoint.analysisType)} is not supported by the mock.`,
      );
    }
    return answerQuery(deps, request, route, query, endpoint.analysisType, cors);
  }
  if (
    deps.schemaEndpoints &&
    (method === 'GET' || method === 'HEAD') &&
    endpoint.kind !== 'query'
  ) {
    return answerSchema(deps, request, route, query, endpoint.collection, cors);
  }
  if (deps.schemaEndpoints && method === 'DELETE' && endpoint.kind === 'collection') {
    return answerDelete(deps, request, route, query, endpoint.collection, cors);
  }
  throw notFound(`No Keen resource for ${method} ${route.keenPath}.`);
}

export function createMockCore(options: MockCoreOptions = {}): MockCore {
  const registry = new Registry(options.registry ?? 'strict', options.onProjectCreated);
  const geoSources: GeoSource[] = [tableSource(options.ipGeo ?? {})];
  if (options.geoipDatabase !== undefined)
    geoSources.push(openGeoIpDatabase(options.geoipDatabase));
  const journal = new Journal();
  const store = new EventStore(journal);
  const faults = new FaultBook(journal, registry);
  const deps: Dependencies = {
    registry,
    journal,
    store,
    clientIp: clientIpReader(options.trustForwardedFor ?? false),
    addonOptions: { locateIp: createGeoLocator(geoSources) },
    schemaEndpoints: options.schemaEndpoints ?? true,
  };

  function handle(request: CoreRequest): CoreResponse {
    if (request.method === 'OPTIONS') {
      return emptyReply(204, preflightHeaders(request.headers));
    }

    const cors = corsHeaders(request.headers);
    let response: CoreResponse;
    try {
      const route = resolveRoute(request.path);
      response = dispatch(deps, faults, request, route, new URLSearchParams(request.query), cors);
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
    faults.clear(runId);
  }

  return { registry, journal, store, faults, handle, resetRun };
}
