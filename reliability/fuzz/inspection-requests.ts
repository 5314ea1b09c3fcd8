import fc from 'fast-check';

import type { FuzzTarget, MalformedRequest } from './malformed-request.js';

/** Run bodies that the `PUT /mock/runs/{runId}` schema rejects. */
const INVALID_RUN_BODIES = [
  '{"projects": ',
  '[]',
  '{}',
  '{"projects": "all"}',
  '{"projects": [{"projectId": 1, "keys": []}]}',
  '{"projects": [{"projectId": "", "keys": []}]}',
  '{"projects": [{"projectId": "p", "keys": [{"key": "k", "kind": "admin"}]}]}',
  '{"projects": [{"projectId": "p", "keys": [{"key": "", "kind": "write"}]}]}',
  '{"projects": [], "__proto__": {"polluted": true}}',
  '{"projects": [{"projectId": "p", "keys": [], "constructor": {"prototype": {"polluted": true}}}]}',
];

/** Fault rule lists that the fault checker rejects. */
const INVALID_FAULT_BODIES = [
  '{"status": 500}',
  '[{}]',
  '[{"status": 99, "error_code": "X"}]',
  '[{"delayMs": -1}]',
  '[{"delayMs": 60001}]',
  '[{"status": 500, "error_code": "X", "times": 0}]',
  '[{"match": {"transport": "pigeon"}, "status": 500, "error_code": "X"}]',
  '[{"unknown": true}]',
  '[{"__proto__": {"status": 500, "error_code": "X"}}]',
  '[{"status": 500, "error_code": "X", "constructor": {"prototype": {"polluted": true}}}]',
  '[{"status": 500',
];

/** Query strings that the records and wait endpoints reject. */
const INVALID_FILTERS = ['outcome=maybe', 'since=-1', 'since=1.5', 'since=abc', 'since=1&since=2'];

/** Query strings that only the wait endpoint rejects. */
const INVALID_WAITS = ['count=0', 'count=-3', 'count=x', 'timeout=60001', 'timeout=-1'];

const INVALID_RUN_IDS = ['a%20b', 'a%2Fb', 'r'.repeat(129), '%FF', 'a%00b'];

const jsonHeaders = ['content-type', 'application/json'];

/** Malformed requests to the inspection API: bad bodies, run ids, query parameters, paths and methods. */
export function inspectionRequests(target: FuzzTarget): fc.Arbitrary<MalformedRequest> {
  const runId = fc.constantFrom(...target.runIds);
  const runBodies = fc.tuple(runId, fc.constantFrom(...INVALID_RUN_BODIES)).map(([id, body]) => ({
    defect: `inspection: run body ${body}`,
    method: 'PUT' as const,
    path: `/mock/runs/${id}`,
    headers: jsonHeaders,
    body: Buffer.from(body),
    api: 'inspection' as const,
  }));
  const faultBodies = fc
    .tuple(runId, fc.constantFrom(...INVALID_FAULT_BODIES))
    .map(([id, body]) => ({
      defect: `inspection: fault rules ${body}`,
      method: 'PUT' as const,
      path: `/mock/runs/${id}/faults`,
      headers: jsonHeaders,
      body: Buffer.from(body),
      api: 'inspection' as const,
    }));
  const endpointQueries = fc.oneof(
    fc.tuple(fc.constantFrom('records', 'wait'), fc.constantFrom(...INVALID_FILTERS)),
    fc.tuple(fc.constant('wait'), fc.constantFrom(...INVALID_WAITS)),
  );
  const queries = fc.tuple(runId, endpointQueries).map(([id, [endpoint, query]]) => ({
    defect: `inspection: ${endpoint}?${query}`,
    method: 'GET' as const,
    path: `/mock/runs/${id}/${endpoint}?${query}`,
    headers: [],
    api: 'inspection' as const,
  }));
  const runIds = fc
    .tuple(
      fc.constantFrom(...INVALID_RUN_IDS),
      fc.constantFrom('GET records', 'GET faults', 'DELETE ', 'DELETE faults'),
    )
    .map(([id, route]) => {
      const [method, suffix] = route.split(' ') as ['GET' | 'DELETE', string];
      return {
        defect: `inspection: run id ${id.slice(0, 12)} in ${route}`,
        method,
        path: `/mock/runs/${id}${suffix ? `/${suffix}` : ''}`,
        headers: [],
        api: 'inspection' as const,
      };
    });
  const unknownPaths = fc
    .constantFrom(
      { method: 'GET' as const, path: '/mock/nothing' },
      { method: 'POST' as const, path: '/mock/runs' },
      { method: 'DELETE' as const, path: '/mock/health' },
      { method: 'PATCH' as const, path: `/mock/runs/${target.runIds[0]}` },
      { method: 'POST' as const, path: `/mock/runs/${target.runIds[0]}/records` },
    )
    .map(({ method, path }) => ({
      defect: `inspection: ${method} ${path}`,
      method,
      path,
      headers: [],
      api: 'inspection' as const,
    }));
  return fc.oneof(runBodies, faultBodies, queries, runIds, unknownPaths);
}
