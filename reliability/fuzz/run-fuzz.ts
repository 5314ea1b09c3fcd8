import { isDeepStrictEqual } from 'node:util';

import fc from 'fast-check';
import { Client } from 'undici';

import { MockKeenClient } from '../../mock-keen/client.js';
import { startMockKeen, type JournalRecord } from '../../mock-keen/index.js';
import { inspectionRequests } from './inspection-requests.js';
import { keenRequests } from './keen-requests.js';
import { describeRequest, type FuzzTarget, type MalformedRequest } from './malformed-request.js';
import { snapshotPrototypes } from './prototypes.js';
import { checkReply } from './reply-check.js';

export interface FuzzOptions {
  requests: number;
  /** fast-check seed; a failure report prints the seed and path that replay it. */
  seed?: number;
}

export interface FuzzReport {
  requests: number;
  seed: number;
  /** Requests per defect family, such as `single POST` or `inspection`. */
  families: Record<string, number>;
  /** fast-check's report of the first failing request, shrunk; null when every request passed. */
  failure: string | null;
  /** Checks made once after the fuzz; each entry is a problem found. */
  problems: string[];
  durationMs: number;
}

const TARGET: FuzzTarget = {
  projectId: 'fuzz-project',
  writeKey: 'fuzz-write-key',
  readKey: 'fuzz-read-key',
  runIds: ['witness', 'fuzz'],
};

/** Events written to the witness run before the fuzz; their records and stored events must not change. */
const WITNESS_EVENTS = [
  '{"name": "first", "n": 1}',
  '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "list": [{"__proto__": {"x": 1}}]}',
  '{"toString": "text", "hasOwnProperty": 1, "nested": {"valueOf": [1, 2, 3]}}',
];

async function writeWitnessEvents(url: string): Promise<void> {
  for (const body of WITNESS_EVENTS) {
    const response = await fetch(
      `${url}/runs/witness/3.0/projects/${TARGET.projectId}/events/pageviews`,
      {
        method: 'POST',
        headers: { authorization: TARGET.writeKey, 'content-type': 'application/json' },
        body,
      },
    );
    if (response.status !== 201)
      throw new Error(
        `the witness event ${body} was not accepted: ${response.status} ${await response.text()}`,
      );
  }
}

async function send(
  client: Client,
  request: MalformedRequest,
): Promise<{ status: number; contentType: string; text: string }> {
  const response = await client.request({
    method: request.method,
    path: request.path,
    headers: request.headers,
    body: request.body,
  });
  const contentType = response.headers['content-type'];
  return {
    status: response.statusCode,
    contentType: String(contentType ?? ''),
    text: await response.body.text(),
  };
}

function family(defect: string): string {
  return defect.split(':')[0];
}

/** List changes to what the fuzz must leave alone: the records of every run and the stored events. */
async function findChanges(
  inspection: MockKeenClient,
  before: Map<string, JournalRecord[]>,
  storedBefore: unknown,
  storedAfter: unknown,
): Promise<string[]> {
  const problems: string[] = [];
  for (const [runId, records] of before) {
    let after: JournalRecord[];
    try {
      after = await inspection.records(runId);
    } catch (error) {
      problems.push(
        `the records of run ${runId} could not be read after the fuzz: ${(error as Error).message}`,
      );
      continue;
    }
    const kept = after.slice(0, records.length);
    if (!isDeepStrictEqual(kept, records))
      problems.push(`the records of run ${runId} written before the fuzz changed`);
    const added = after
      .slice(records.length)
      .filter((record) => record.outcome !== 'rejected' || record.stored !== null);
    if (added.length > 0)
      problems.push(
        `the fuzz added ${added.length} accepted record(s) to run ${runId}, for example ${JSON.stringify(added[0]).slice(0, 300)}`,
      );
  }
  if (!isDeepStrictEqual(storedAfter, storedBefore)) problems.push('the stored events changed');
  return problems;
}

/**
 * Send `requests` generated malformed requests to a real mock over one keep-alive socket. Each must
 * get a Keen-shaped 4xx reply and leave Object.prototype alone. Afterwards the mock must still be
 * up, and no record or stored event written before the fuzz may have changed.
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const seed = options.seed ?? Date.now() % 2 ** 31;
  const started = performance.now();
  const mock = await startMockKeen({ log: () => {} });
  const client = new Client(mock.url, { keepAliveTimeout: 60_000 });
  const inspection = new MockKeenClient(mock.url);
  const families: Record<string, number> = {};
  const problems: string[] = [];
  let failure: string | null = null;

  try {
    const project = {
      projectId: TARGET.projectId,
      keys: [
        { key: TARGET.writeKey, kind: 'write' as const },
        { key: TARGET.readKey, kind: 'read' as const },
      ],
    };
    for (const runId of TARGET.runIds) await inspection.registerRun(runId, [project]);
    await writeWitnessEvents(mock.url);
    const before = new Map<string, JournalRecord[]>();
    for (const runId of TARGET.runIds) before.set(runId, await inspection.records(runId));
    const storedBefore = structuredClone(
      mock.core.store.events('witness', TARGET.projectId, 'pageviews'),
    );
    const prototypesBefore = snapshotPrototypes();

    const arbitrary = fc.oneof(
      { arbitrary: keenRequests(TARGET), weight: 5 },
      { arbitrary: inspectionRequests(TARGET), weight: 1 },
    );
    const property = fc.asyncProperty(arbitrary, async (request) => {
      families[family(request.defect)] = (families[family(request.defect)] ?? 0) + 1;
      const reply = await send(client, request);
      const problem = checkReply(request, reply);
      if (problem !== null) throw new Error(`${describeRequest(request)}: ${problem}`);
      if (!isDeepStrictEqual(snapshotPrototypes(), prototypesBefore))
        throw new Error(`${describeRequest(request)}: a built-in prototype changed`);
    });
    const details = await fc.check(property, {
      numRuns: options.requests,
      seed,
      endOnFailure: true,
    });
    if (details.failed) failure = fc.defaultReportMessage(details) ?? 'failed';

    const health = await fetch(`${mock.url}/mock/health`);
    if (health.status !== 200)
      problems.push(`GET /mock/health returned ${health.status} after the fuzz`);
    const storedAfter = mock.core.store.events('witness', TARGET.projectId, 'pageviews');
    problems.push(...(await findChanges(inspection, before, storedBefore, storedAfter)));
    if (!isDeepStrictEqual(snapshotPrototypes(), prototypesBefore))
      problems.push('a built-in prototype changed during the fuzz');
  } finally {
    await client.close();
    await mock.close();
  }
  return {
    requests: options.requests,
    seed,
    families,
    failure,
    problems,
    durationMs: performance.now() - started,
  };
}
