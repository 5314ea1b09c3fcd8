import fc from 'fast-check';

import {
  batchBodyDefect,
  event,
  eventBodyDefect,
  eventContentDefect,
  oversizedBody,
  PROTOTYPE_NAMES,
} from './json-defects.js';
import type { FuzzTarget, MalformedRequest } from './malformed-request.js';

/** Headers that do not change whether a write is accepted, sent once or twice to test repeats. */
const harmlessHeader = fc.oneof(
  fc.constant(['content-type', 'application/json']),
  fc.constant(['content-type', 'text/plain']),
  fc.constant(['user-agent', 'fuzz/1.0']),
  fc.constant(['x-forwarded-for', '203.0.113.7']),
  fc.constant(['accept', '*/*']),
);
const extraHeaders = fc.array(harmlessHeader, { maxLength: 4 }).map((pairs) => pairs.flat());

/** Ways to present a key that Keen rejects, each with the headers and query parameters it adds. */
function keyDefect(
  target: FuzzTarget,
): fc.Arbitrary<{ defect: string; headers: string[]; query: string[][] }> {
  return fc.constantFrom(
    { defect: 'no key', headers: [], query: [] },
    { defect: 'blank key', headers: ['authorization', '   '], query: [] },
    { defect: 'unknown key', headers: ['authorization', 'not-a-key'], query: [] },
    { defect: 'read key for a write', headers: ['authorization', target.readKey], query: [] },
    {
      defect: 'repeated Authorization, unknown first',
      headers: ['authorization', 'not-a-key', 'authorization', target.writeKey],
      query: [],
    },
    { defect: 'unknown api_key', headers: [], query: [['api_key', 'not-a-key']] },
    {
      defect: 'repeated api_key, unknown first',
      headers: [],
      query: [
        ['api_key', 'not-a-key'],
        ['api_key', target.writeKey],
      ],
    },
  );
}

/** Path prefix of a registered run, or of a run or project that does not resolve. */
function projectPath(target: FuzzTarget, runId: string): string {
  return `/runs/${runId}/3.0/projects/${target.projectId}`;
}

const runIdOf = (target: FuzzTarget): fc.Arbitrary<string> => fc.constantFrom(...target.runIds);
const collection = fc.constantFrom('pageviews', 'purchases', ...PROTOTYPE_NAMES);

function withQuery(path: string, query: string[][]): string {
  return query.length === 0 ? path : `${path}?${new URLSearchParams(query)}`;
}

/** Single POSTs: a defective body, or a good event with a defective key. */
function singlePosts(target: FuzzTarget): fc.Arbitrary<MalformedRequest> {
  const auth = ['authorization', target.writeKey];
  const badBody = fc
    .tuple(runIdOf(target), collection, eventBodyDefect, extraHeaders)
    .map(([runId, name, { defect, body }, extra]) => ({
      defect: `single POST: ${defect}`,
      method: 'POST' as const,
      path: `${projectPath(target, runId)}/events/${encodeURIComponent(name)}`,
      headers: [...auth, ...extra],
      body,
      api: 'keen' as const,
    }));
  const badContent = fc
    .tuple(runIdOf(target), collection, eventContentDefect, extraHeaders)
    .map(([runId, name, { defect, event: value }, extra]) => ({
      defect: `single POST: ${defect}`,
      method: 'POST' as const,
      path: `${projectPath(target, runId)}/events/${encodeURIComponent(name)}`,
      headers: [...auth, ...extra],
      body: Buffer.from(JSON.stringify(value)),
      api: 'keen' as const,
    }));
  const badKey = fc
    .tuple(runIdOf(target), collection, event, keyDefect(target), extraHeaders)
    .map(([runId, name, value, key, extra]) => ({
      defect: `single POST: ${key.defect}`,
      method: 'POST' as const,
      path: withQuery(
        `${projectPath(target, runId)}/events/${encodeURIComponent(name)}`,
        key.query,
      ),
      headers: [...key.headers, ...extra],
      body: Buffer.from(JSON.stringify(value)),
      api: 'keen' as const,
    }));
  return fc.oneof(badBody, badContent, badKey);
}

/** Batch POSTs with a body Keen rejects as a whole. */
function batchPosts(target: FuzzTarget): fc.Arbitrary<MalformedRequest> {
  return fc
    .tuple(runIdOf(target), batchBodyDefect, extraHeaders)
    .map(([runId, { defect, body }, extra]) => ({
      defect: `batch: ${defect}`,
      method: 'POST' as const,
      path: `${projectPath(target, runId)}/events`,
      headers: ['authorization', target.writeKey, ...extra],
      body,
      api: 'keen' as const,
    }));
}

const badBase64 = fc.oneof(
  fc.constantFrom('', '!!!!', 'abcde', '%%%', 'YQ==YQ==', '****'),
  fc.string({ minLength: 1, maxLength: 40 }).filter((text) => /[^A-Za-z0-9+/=_ -]/.test(text)),
);

/** GETs with `data`: bad base64, a defective event inside it, a bad key, a bad callback or redirect. */
function dataGets(target: FuzzTarget): fc.Arbitrary<MalformedRequest> {
  const base = (runId: string, name: string): string =>
    `${projectPath(target, runId)}/events/${encodeURIComponent(name)}`;
  const encode = (body: Buffer): string => body.toString('base64');
  const good = event.map((value) => encode(Buffer.from(JSON.stringify(value))));
  const variants = fc.oneof(
    badBase64.map((data) => ({
      defect: 'bad base64',
      query: [
        ['api_key', target.writeKey],
        ['data', data],
      ],
    })),
    eventBodyDefect.map(({ defect, body }) => ({
      defect,
      query: [
        ['api_key', target.writeKey],
        ['data', encode(body)],
      ],
    })),
    eventContentDefect.map(({ defect, event: value }) => ({
      defect,
      query: [
        ['api_key', target.writeKey],
        ['data', encode(Buffer.from(JSON.stringify(value)))],
      ],
    })),
    fc
      .tuple(good, keyDefect(target))
      .filter(([, key]) => key.headers.length === 0)
      .map(([data, key]) => ({ defect: key.defect, query: [...key.query, ['data', data]] })),
    fc
      .tuple(good, fc.constantFrom('1abc', 'a-b', 'alert(1)', 'x'.repeat(300), 'a..b', ''))
      .map(([data, callback]) => ({
        defect: `invalid jsonp callback ${JSON.stringify(callback.slice(0, 12))}`,
        query: [
          ['api_key', target.writeKey],
          ['data', data],
          ['jsonp', callback],
        ],
      })),
    fc
      .tuple(
        good,
        fc.constantFrom('javascript:alert(1)', 'ftp://example.com/', '/relative', 'not a url', ''),
      )
      .map(([data, redirect]) => ({
        defect: `invalid redirect ${JSON.stringify(redirect)}`,
        query: [
          ['api_key', target.writeKey],
          ['data', data],
          ['redirect', redirect],
        ],
      })),
  );
  return fc
    .tuple(runIdOf(target), collection, variants, extraHeaders)
    .map(([runId, name, { defect, query }, extra]) => ({
      defect: `GET: ${defect}`,
      method: 'GET' as const,
      path: withQuery(base(runId, name), query),
      headers: extra,
      api: 'keen' as const,
    }));
}

/** Paths that name no run, project or endpoint, bad collection names, and methods Keen does not serve. */
function badRoutes(target: FuzzTarget): fc.Arbitrary<MalformedRequest> {
  const auth = ['authorization', target.writeKey];
  const body = Buffer.from('{"name":"ok"}');
  const paths = fc.oneof(
    fc.constantFrom(
      {
        defect: 'unregistered project',
        path: `/runs/${target.runIds[0]}/3.0/projects/no-such-project/events/pageviews`,
      },
      {
        defect: 'unregistered run',
        path: `/runs/no-such-run/3.0/projects/${target.projectId}/events/pageviews`,
      },
      {
        defect: 'default run not registered',
        path: `/3.0/projects/${target.projectId}/events/pageviews`,
      },
      {
        defect: 'invalid run id',
        path: `/runs/a%2Fb/3.0/projects/${target.projectId}/events/pageviews`,
      },
      {
        defect: 'overlong run id',
        path: `/runs/${'r'.repeat(129)}/3.0/projects/${target.projectId}/events/pageviews`,
      },
      {
        defect: 'extra path segment',
        path: `${projectPath(target, target.runIds[0])}/events/pageviews/extra`,
      },
      { defect: 'no endpoint', path: `${projectPath(target, target.runIds[0])}` },
      {
        defect: 'invalid percent-encoding',
        path: `${projectPath(target, target.runIds[0])}/events/%E0%A4%A`,
      },
      {
        defect: 'percent-encoded invalid UTF-8',
        path: `${projectPath(target, target.runIds[0])}/events/%FF`,
      },
      { defect: 'empty collection name', path: `${projectPath(target, target.runIds[0])}/events/` },
      {
        defect: 'collection name starting with $',
        path: `${projectPath(target, target.runIds[0])}/events/%24set`,
      },
      { defect: 'not a Keen path', path: '/4.0/projects/x/events/pageviews' },
    ),
    fc.integer({ min: 257, max: 2_000 }).map((length) => ({
      defect: `collection name of ${length} characters`,
      path: `${projectPath(target, target.runIds[0])}/events/${'c'.repeat(length)}`,
    })),
  );
  const posts = paths.map(({ defect, path }) => ({
    defect: `route: ${defect}`,
    method: 'POST' as const,
    path,
    headers: auth,
    body,
    api: 'keen' as const,
  }));
  const methods = fc
    .tuple(
      fc.constantFrom('PUT' as const, 'PATCH' as const),
      fc.constantFrom('/events', '/events/pageviews'),
    )
    .map(([method, suffix]) => ({
      defect: `route: method ${method} on ${suffix}`,
      method,
      path: `${projectPath(target, target.runIds[0])}${suffix}`,
      headers: auth,
      body,
      api: 'keen' as const,
    }));
  const deleteBatch = fc.constant({
    defect: 'route: method DELETE on /events',
    method: 'DELETE' as const,
    path: `${projectPath(target, target.runIds[0])}/events`,
    headers: auth,
    api: 'keen' as const,
  });
  return fc.oneof(posts, methods, deleteBatch);
}

/** Malformed requests to Keen's write API; about one in 360 has an oversized body. */
export function keenRequests(target: FuzzTarget): fc.Arbitrary<MalformedRequest> {
  const oversized = fc
    .tuple(runIdOf(target), oversizedBody)
    .map(([runId, { defect, batch, body }]) => ({
      defect: `oversized: ${defect}`,
      method: 'POST' as const,
      path: `${projectPath(target, runId)}/events${batch ? '' : '/pageviews'}`,
      headers: ['authorization', target.writeKey],
      body,
      api: 'keen' as const,
    }));
  return fc.oneof(
    { arbitrary: singlePosts(target), weight: 120 },
    { arbitrary: batchPosts(target), weight: 80 },
    { arbitrary: dataGets(target), weight: 100 },
    { arbitrary: badRoutes(target), weight: 60 },
    { arbitrary: oversized, weight: 1 },
  );
}
