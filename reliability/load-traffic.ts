import { performance } from 'node:perf_hooks';

import { Client } from 'undici';

/** The Keen project and write key every load client writes with. */
export const LOAD_PROJECT = {
  projectId: 'load-project',
  keys: [{ key: 'load-write-key', kind: 'write' as const }],
};

/** Collection per transport, so the journal can be read back one transport at a time. */
export const LOAD_COLLECTIONS = {
  post: 'load_post',
  batch: 'load_batch',
  image: 'load_get',
} as const;

export type LoadTransport = keyof typeof LOAD_COLLECTIONS;

const TRANSPORT_CYCLE: LoadTransport[] = ['post', 'batch', 'image'];

/** The share of the load one client sends. */
export interface ClientPlan {
  index: number;
  events: number;
  batchSize: number;
  runId: string;
  /** Epoch milliseconds after which the client sends nothing more. */
  deadline: number;
}

/** The events one client sent, and the failures and latencies it saw. */
export interface ClientResult {
  sentIds: string[];
  requests: number;
  latenciesMs: number[];
  failures: string[];
  failureCount: number;
  stoppedByDeadline: boolean;
}

/** Failure lines kept per client. The rest are only counted. */
const MAX_FAILURE_SAMPLES = 5;

interface PlannedRequest {
  method: 'POST' | 'GET';
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Check the reply and return why it is wrong, or null. */
  check(status: number, body: string): string | null;
}

function eventsPath(runId: string, collection?: string): string {
  const base = `/runs/${runId}/3.0/projects/${LOAD_PROJECT.projectId}/events`;
  return collection === undefined ? base : `${base}/${collection}`;
}

function expectStatus(expected: number): (status: number, body: string) => string | null {
  return (status, body) =>
    status === expected ? null : `status ${status} (expected ${expected}): ${body.slice(0, 200)}`;
}

function checkBatchReply(status: number, body: string, count: number): string | null {
  if (status !== 200) return `status ${status} (expected 200): ${body.slice(0, 200)}`;
  const slots =
    (JSON.parse(body) as Record<string, Array<{ success: boolean }>>)[LOAD_COLLECTIONS.batch] ?? [];
  const succeeded = slots.filter((slot) => slot.success).length;
  return succeeded === count
    ? null
    : `${succeeded} of ${count} batch events succeeded: ${body.slice(0, 200)}`;
}

/** Build one request of `transport` carrying `events`. */
export function planRequest(
  transport: LoadTransport,
  runId: string,
  events: object[],
): PlannedRequest {
  const key = LOAD_PROJECT.keys[0].key;
  if (transport === 'post') {
    return {
      method: 'POST',
      path: eventsPath(runId, LOAD_COLLECTIONS.post),
      headers: { authorization: key, 'content-type': 'application/json' },
      body: JSON.stringify(events[0]),
      check: expectStatus(201),
    };
  }
  if (transport === 'batch') {
    return {
      method: 'POST',
      path: eventsPath(runId),
      headers: { authorization: key, 'content-type': 'application/json' },
      body: JSON.stringify({ [LOAD_COLLECTIONS.batch]: events }),
      check: (status, body) => checkBatchReply(status, body, events.length),
    };
  }
  const data = Buffer.from(JSON.stringify(events[0]), 'utf8').toString('base64');
  const query = new URLSearchParams({ api_key: key, data });
  return {
    method: 'GET',
    path: `${eventsPath(runId, LOAD_COLLECTIONS.image)}?${query}`,
    headers: {},
    check: expectStatus(200),
  };
}

function makeEvent(
  client: number,
  sequence: number,
  transport: LoadTransport,
): { load_id: string } & Record<string, unknown> {
  return {
    load_id: `c${client}-e${sequence}`,
    client,
    sequence,
    transport,
    page: { url: 'https://www.example.com/load' },
  };
}

/**
 * Run one load client over its own keep-alive connection: single POST, batch POST and GET in turn
 * until its events are sent or its deadline passes.
 */
export async function runClient(origin: string, plan: ClientPlan): Promise<ClientResult> {
  const client = new Client(origin, { keepAliveTimeout: 60_000, pipelining: 1 });
  const result: ClientResult = {
    sentIds: [],
    requests: 0,
    latenciesMs: [],
    failures: [],
    failureCount: 0,
    stoppedByDeadline: false,
  };
  let sequence = 0;

  try {
    while (sequence < plan.events) {
      if (Date.now() > plan.deadline) {
        result.stoppedByDeadline = true;
        break;
      }
      const transport = TRANSPORT_CYCLE[result.requests % TRANSPORT_CYCLE.length];
      const count = transport === 'batch' ? Math.min(plan.batchSize, plan.events - sequence) : 1;
      const events = Array.from({ length: count }, (_, offset) =>
        makeEvent(plan.index, sequence + offset, transport),
      );
      sequence += count;

      const request = planRequest(transport, plan.runId, events);
      const started = performance.now();
      let problem: string | null;
      try {
        const response = await client.request({
          method: request.method,
          path: request.path,
          headers: request.headers,
          body: request.body,
        });
        problem = request.check(response.statusCode, await response.body.text());
      } catch (error) {
        problem = `request failed: ${(error as Error).message}`;
      }
      result.latenciesMs.push(performance.now() - started);
      result.requests++;
      for (const event of events) result.sentIds.push(event.load_id);

      if (problem !== null) {
        result.failureCount++;
        if (result.failures.length < MAX_FAILURE_SAMPLES)
          result.failures.push(`client ${plan.index} ${request.method} ${transport}: ${problem}`);
      }
    }
  } finally {
    await client.close();
  }
  return result;
}
