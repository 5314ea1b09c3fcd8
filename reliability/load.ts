import { performance } from 'node:perf_hooks';

import { MockKeenClient } from '../mock-keen/client.js';
import { LOAD_COLLECTIONS, LOAD_PROJECT, runClient, type ClientResult } from './load-traffic.js';
import type { MemoryUsage } from './mock-process-messages.js';
import { startMockProcess, type MockProcess } from './mock-process-handle.js';

export interface LoadOptions {
  clients: number;
  events: number;
  /** Events per batch POST. */
  batchSize: number;
  /** The clients stop sending after this long, and the run fails. */
  deadlineMs: number;
}

/** Journal check: every accepted write recorded exactly once. */
export interface JournalCheck {
  accepted: number;
  rejected: number;
  uniqueIds: number;
  duplicates: number;
  /** Sent ids with no accepted record. */
  missing: number;
  /** Accepted records whose id was never sent. */
  unknown: number;
}

export interface LoadReport {
  options: LoadOptions;
  requests: number;
  sentEvents: number;
  failureCount: number;
  failures: string[];
  stoppedByDeadline: boolean;
  durationMs: number;
  latencyMs: { p50: number; p99: number; max: number };
  journal: JournalCheck;
  memory: { baseline: MemoryUsage; peak: MemoryUsage; afterReset: MemoryUsage };
}

const LOAD_RUN_ID = 'load';
const WARMUP_RUN_ID = 'load-warmup';

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

async function runClients(
  origin: string,
  runId: string,
  options: LoadOptions,
): Promise<ClientResult[]> {
  const deadline = Date.now() + options.deadlineMs;
  const perClient = Math.floor(options.events / options.clients);
  const extra = options.events % options.clients;
  return Promise.all(
    Array.from({ length: options.clients }, (_, index) =>
      runClient(origin, {
        index,
        events: perClient + (index < extra ? 1 : 0),
        batchSize: options.batchSize,
        runId,
        deadline,
      }),
    ),
  );
}

/** Read back the run's records and compare their ids with the ids sent. */
async function checkJournal(
  inspection: MockKeenClient,
  runId: string,
  sentIds: string[],
): Promise<JournalCheck> {
  const ids = new Map<string, number>();
  let accepted = 0;
  for (const collection of Object.values(LOAD_COLLECTIONS)) {
    for (const record of await inspection.records(runId, { collection, outcome: 'accepted' })) {
      accepted++;
      const id = String((record.body as { load_id?: unknown }).load_id);
      ids.set(id, (ids.get(id) ?? 0) + 1);
    }
  }
  const rejected = (await inspection.records(runId, { outcome: 'rejected' })).length;
  const sent = new Set(sentIds);
  let duplicates = 0;
  let unknown = 0;
  for (const [id, count] of ids) {
    duplicates += count - 1;
    if (!sent.has(id)) unknown++;
  }
  const missing = sentIds.filter((id) => !ids.has(id)).length;
  return { accepted, rejected, uniqueIds: ids.size, duplicates, missing, unknown };
}

async function registerLoadRun(inspection: MockKeenClient, runId: string): Promise<void> {
  await inspection.registerRun(runId, [LOAD_PROJECT]);
}

/**
 * Warm the mock up, take its baseline memory, send the load, check the journal, reset the run and
 * take its memory again. The mock runs in a child process so its memory is measured alone.
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const mock: MockProcess = await startMockProcess();
  try {
    const inspection = new MockKeenClient(mock.url);

    await registerLoadRun(inspection, WARMUP_RUN_ID);
    const warmup = {
      ...options,
      clients: Math.min(2, options.clients),
      events: Math.min(600, options.events),
    };
    await runClients(mock.url, WARMUP_RUN_ID, warmup);
    await inspection.resetRun(WARMUP_RUN_ID);
    const baseline = await mock.memory();

    await registerLoadRun(inspection, LOAD_RUN_ID);
    const started = performance.now();
    const results = await runClients(mock.url, LOAD_RUN_ID, options);
    const durationMs = performance.now() - started;

    const sentIds = results.flatMap((result) => result.sentIds);
    const journal = await checkJournal(inspection, LOAD_RUN_ID, sentIds);
    const peak = await mock.memory();
    await inspection.resetRun(LOAD_RUN_ID);
    const afterReset = await mock.memory();

    const latencies = results.flatMap((result) => result.latenciesMs).sort((a, b) => a - b);
    return {
      options,
      requests: results.reduce((sum, result) => sum + result.requests, 0),
      sentEvents: sentIds.length,
      failureCount: results.reduce((sum, result) => sum + result.failureCount, 0),
      failures: results.flatMap((result) => result.failures),
      stoppedByDeadline: results.some((result) => result.stoppedByDeadline),
      durationMs,
      latencyMs: {
        p50: percentile(latencies, 0.5),
        p99: percentile(latencies, 0.99),
        max: latencies.at(-1) ?? 0,
      },
      journal,
      memory: { baseline, peak, afterReset },
    };
  } finally {
    await mock.stop();
  }
}
