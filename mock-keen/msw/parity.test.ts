import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createMockCore, type MockCore } from '../core/core.js';
import type { FaultRule } from '../core/faults.js';
import type { JournalRecord } from '../core/types.js';
import { startMockKeen, type MockKeen } from '../index.js';
import {
  MASTER_KEY,
  PROJECT,
  PROJECT_ID,
  READ_KEY,
  WRITE_KEY,
  encodeData,
} from '../test-support.js';
import { createKeenHandlers } from './handlers.js';

const RUN_ID = 'parity-run';
/** The status recorded for a request that failed without a reply. */
const NETWORK_ERROR = 0;
const EVENTS = `/3.0/projects/${PROJECT_ID}/events`;
const QUERIES = `/3.0/projects/${PROJECT_ID}/queries`;

/** One request of the table, sent alike to the HTTP server and through MSW. */
interface Exchange {
  name: string;
  /** The status Keen's API gives; omitted where only the two ways in must agree. */
  status?: number;
  /** Journal records the request adds. */
  records: number;
  method: string;
  /** Path and query under the API root. */
  target: string;
  headers?: Record<string, string>;
  body?: string;
}

const json = (key: string = WRITE_KEY) => ({
  Authorization: key,
  'Content-Type': 'application/json',
});
const beacon = { 'Content-Type': 'text/plain;charset=UTF-8' };
const data = (event: unknown) => encodeURIComponent(encodeData(event));

const EXCHANGES: Exchange[] = [
  {
    name: 'single POST',
    status: 201,
    records: 1,
    method: 'POST',
    target: `${EVENTS}/purchases`,
    headers: json(),
    body: '{"price":9.5,"ip":"${keen.ip}","ua":"${keen.user_agent}"}',
  },
  {
    name: 'single POST, master key',
    status: 201,
    records: 1,
    method: 'POST',
    target: `${EVENTS}/purchases`,
    headers: json(MASTER_KEY),
    body: '{"price":3}',
  },
  {
    name: 'batch POST with a bad item',
    status: 200,
    records: 3,
    method: 'POST',
    target: EVENTS,
    headers: json(),
    body: '{"signups":[{"plan":"pro"},{"bad.name":1}],"logins":[{"n":1}]}',
  },
  {
    name: 'JSONP GET',
    status: 200,
    records: 1,
    method: 'GET',
    target: `${EVENTS}/pages?api_key=${WRITE_KEY}&data=${data({ path: '/a' })}&modified=1&jsonp=keenJSONPCallback1`,
  },
  {
    name: 'image GET',
    status: 200,
    records: 1,
    method: 'GET',
    target: `${EVENTS}/pixels?api_key=${WRITE_KEY}&data=${data({ text: 'é ✓' })}&c=clv1`,
  },
  {
    name: 'redirect GET',
    status: 302,
    records: 1,
    method: 'GET',
    target: `${EVENTS}/links?api_key=${WRITE_KEY}&data=${data({ to: 'x' })}&redirect=${encodeURIComponent('https://www.example.com/landing')}`,
  },
  {
    name: 'HEAD on a recording URL',
    status: 200,
    records: 1,
    method: 'HEAD',
    target: `${EVENTS}/pixels?api_key=${WRITE_KEY}&data=${data({ head: true })}`,
  },
  {
    name: 'sendBeacon POST',
    status: 201,
    records: 1,
    method: 'POST',
    target: `${EVENTS}/beacons?api_key=${WRITE_KEY}`,
    headers: beacon,
    body: '{"ua":"${keen.user_agent}"}',
  },
  {
    name: 'sendBeacon batch POST',
    status: 200,
    records: 2,
    method: 'POST',
    target: `${EVENTS}?api_key=${WRITE_KEY}`,
    headers: beacon,
    body: '{"beacons":[{"n":1},{"n":2}]}',
  },
  {
    name: 'POST with an Origin',
    status: 201,
    records: 1,
    method: 'POST',
    target: `${EVENTS}/purchases`,
    headers: { ...json(), Origin: 'https://shop.test' },
    body: '{"price":1}',
  },
  {
    name: 'preflight',
    status: 204,
    records: 0,
    method: 'OPTIONS',
    target: `${EVENTS}/purchases`,
    headers: {
      Origin: 'https://shop.test',
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'authorization,content-type,keen-sdk,x-extra',
    },
  },
  {
    name: 'run-prefixed POST',
    status: 201,
    records: 1,
    method: 'POST',
    target: `/runs/${RUN_ID}${EVENTS}/purchases`,
    headers: json(),
    body: '{"run":true}',
  },
  {
    name: 'unknown project',
    status: 404,
    records: 1,
    method: 'POST',
    target: '/3.0/projects/no-such-project/events/purchases',
    headers: json(),
    body: '{}',
  },
  {
    name: 'bad key',
    status: 401,
    records: 1,
    method: 'POST',
    target: `${EVENTS}/purchases`,
    headers: json('not-a-key'),
    body: '{"n":1}',
  },
  {
    name: 'missing key',
    status: 401,
    records: 1,
    method: 'POST',
    target: `${EVENTS}/purchases`,
    headers: { 'Content-Type': 'application/json' },
    body: '{"n":1}',
  },
  {
    name: 'wrong key kind',
    status: 401,
    records: 1,
    method: 'POST',
    target: `${EVENTS}/purchases`,
    headers: json(READ_KEY),
    body: '{"n":1}',
  },
  {
    name: 'invalid JSON event',
    status: 400,
    records: 1,
    method: 'POST',
    target: `${EVENTS}/purchases`,
    headers: json(),
    body: '{"n":',
  },
  {
    name: 'invalid JSON batch',
    status: 400,
    records: 1,
    method: 'POST',
    target: EVENTS,
    headers: json(),
    body: '[1,',
  },
  {
    name: 'bad collection',
    status: 400,
    records: 1,
    method: 'POST',
    target: `${EVENTS}/%24bad`,
    headers: json(),
    body: '{"n":1}',
  },
  {
    name: 'bad property name',
    status: 400,
    records: 1,
    method: 'POST',
    target: `${EVENTS}/purchases`,
    headers: json(),
    body: '{"a":{"b.c":1}}',
  },
  {
    name: 'JSONP with a bad key',
    status: 200,
    records: 1,
    method: 'GET',
    target: `${EVENTS}/pages?api_key=nope&data=${data({ n: 1 })}&jsonp=cb`,
  },
  {
    name: 'image with a bad key',
    status: 401,
    records: 1,
    method: 'GET',
    target: `${EVENTS}/pages?api_key=nope&data=${data({ n: 1 })}`,
  },
  {
    name: 'invalid base64 data',
    status: 400,
    records: 1,
    method: 'GET',
    target: `${EVENTS}/pages?api_key=${WRITE_KEY}&data=%25%25%25`,
  },
  {
    name: 'POST query',
    records: 0,
    method: 'POST',
    target: `${QUERIES}/count`,
    headers: json(READ_KEY),
    body: '{"event_collection":"purchases"}',
  },
  {
    name: 'GET query',
    records: 0,
    method: 'GET',
    target: `${QUERIES}/count?api_key=${READ_KEY}&event_collection=purchases`,
  },
  {
    name: 'query with a write key',
    status: 401,
    records: 0,
    method: 'POST',
    target: `${QUERIES}/count`,
    headers: json(),
    body: '{"event_collection":"purchases"}',
  },
  { name: 'unknown route', status: 404, records: 0, method: 'GET', target: '/2.0/whatever' },
  {
    name: 'injected 503',
    status: 503,
    records: 1,
    method: 'POST',
    target: `${EVENTS}/flaky`,
    headers: json(),
    body: '{"try":1}',
  },
  {
    name: 'write after the injected 503',
    status: 201,
    records: 1,
    method: 'POST',
    target: `${EVENTS}/flaky`,
    headers: json(),
    body: '{"try":2}',
  },
  {
    name: 'injected per-item failure',
    status: 200,
    records: 1,
    method: 'POST',
    target: EVENTS,
    headers: json(),
    body: '{"failing":[{"n":1}]}',
  },
  {
    name: 'injected JSONP fault',
    records: 1,
    method: 'GET',
    target: `${EVENTS}/jsonp-fault?api_key=${WRITE_KEY}&data=${data({ n: 1 })}&jsonp=cb`,
  },
  {
    name: 'injected delay',
    status: 201,
    records: 1,
    method: 'POST',
    target: `${EVENTS}/slow`,
    headers: json(),
    body: '{"n":1}',
  },
  {
    name: 'dropped connection',
    status: NETWORK_ERROR,
    records: 1,
    method: 'POST',
    target: `${EVENTS}/dropped`,
    headers: json(),
    body: '{"n":1}',
  },
];

/** The same faults in both mocks; their collections are used by no other exchange. */
const FAULTS: FaultRule[] = [
  { match: { collection: 'flaky' }, status: 503, error_code: 'ServiceUnavailableError', times: 1 },
  { match: { collection: 'failing' }, status: 200, error_code: 'InternalServerError' },
  {
    match: { transport: 'jsonp', collection: 'jsonp-fault' },
    status: 500,
    error_code: 'InternalServerError',
  },
  { match: { path: '/3.0/projects/*/events/slow' }, delayMs: 20 },
  { match: { collection: 'dropped' }, dropConnection: true },
];

/** Headers that clients read; transport headers such as Date and Connection differ by nature. */
const COMPARED_HEADERS = [
  'content-type',
  'cache-control',
  'location',
  'vary',
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-max-age',
];

interface Observed {
  status: number;
  headers: Record<string, string | null>;
  /** base64, so the GIF compares byte for byte. */
  body: string;
  records: unknown[];
}

let server: MockKeen;
let mswCore: MockCore;
const msw = setupServer();

beforeAll(async () => {
  server = await startMockKeen({ log: () => undefined });
  mswCore = createMockCore();
  for (const core of [server.core, mswCore]) {
    core.registry.registerRun('default', [PROJECT]);
    core.registry.registerRun(RUN_ID, [PROJECT]);
    core.faults.set('default', FAULTS);
  }
  msw.use(...createKeenHandlers(mswCore));
  // The HTTP server's own requests pass; anything else unhandled fails the request.
  msw.listen({
    onUnhandledRequest: (request, print) =>
      new URL(request.url).origin === server.url ? undefined : print.error(),
  });
});

afterAll(async () => {
  msw.close();
  await server.close();
});

/** Drop what legitimately differs between two records: ids, sequence numbers and server times. */
function normalize(record: JournalRecord): unknown {
  const { seq: _seq, requestId: _requestId, receivedAt, ...rest } = record;
  if (rest.stored === null) return rest;

  const keen = { ...(rest.stored.keen as Record<string, unknown>) };
  expect(keen.created_at, 'keen.created_at is the receive time').toBe(receivedAt);
  expect(keen.id, 'keen.id').toMatch(/^[0-9a-f]{24}$/);
  keen.created_at = '<receive time>';
  keen.id = '<keen id>';
  if (keen.timestamp === receivedAt) keen.timestamp = '<receive time>';
  return { ...rest, stored: { ...rest.stored, keen } };
}

function journalSince(core: MockCore, since: number): unknown[] {
  const records = [
    ...core.journal.list('default', { since }),
    ...core.journal.list(RUN_ID, { since }),
  ];
  return records.map(normalize);
}

async function observe(base: string, core: MockCore, exchange: Exchange): Promise<Observed> {
  const since = Math.max(
    0,
    ...[...core.journal.list('default'), ...core.journal.list(RUN_ID)].map((record) => record.seq),
  );
  let response: Response;
  try {
    response = await fetch(`${base}${exchange.target}`, {
      method: exchange.method,
      headers: { 'User-Agent': 'parity-test/1.0', ...exchange.headers },
      body: exchange.body,
      redirect: 'manual',
    });
  } catch (error) {
    const records = journalSince(core, since);
    return { status: NETWORK_ERROR, headers: {}, body: (error as Error).name, records };
  }
  const body = Buffer.from(await response.arrayBuffer()).toString('base64');
  const headers = Object.fromEntries(
    COMPARED_HEADERS.map((name) => [name, response.headers.get(name)]),
  );
  return { status: response.status, headers, body, records: journalSince(core, since) };
}

describe('MSW handlers and the HTTP server', () => {
  it.each(EXCHANGES)('answer alike: $name', async (exchange) => {
    const viaServer = await observe(server.url, server.core, exchange);
    const viaMsw = await observe('https://api.keen.io', mswCore, exchange);

    if (exchange.status !== undefined)
      expect(viaServer.status, 'status from the HTTP server').toBe(exchange.status);
    expect(viaServer.records.length, 'records from the HTTP server').toBe(exchange.records);
    expect(viaMsw.status, 'status').toBe(viaServer.status);
    expect(viaMsw.headers, 'headers').toEqual(viaServer.headers);
    expect(viaMsw.body, 'body').toBe(viaServer.body);
    expect(viaMsw.records, 'journal records').toEqual(viaServer.records);
  });
});
