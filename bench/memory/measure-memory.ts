import { performance } from 'node:perf_hooks';

import { BATCH_PATH, BATCH_SIZE, WRITE_HEADERS, batchBody } from '../ingest/keen-requests.js';
import { runLoad } from '../ingest/load.js';
import { startNodeTarget } from '../ingest/targets.js';

export interface MemoryOptions {
  /** Events to journal, sent as batch POSTs of BATCH_SIZE events. */
  events: number;
  /** The journal's bound, `journal.maxRecords`. */
  maxRecords: number;
  connections: number;
}

export interface MemoryPlan extends MemoryOptions {
  /** A second, lower bound, to show what the bound limits. */
  smallBound: number;
}

export interface MemoryFigures {
  events: number;
  maxRecords: number;
  /** Records the journal kept at the end. */
  keptRecords: number;
  /** Resident set size after two forced collections, in bytes, before any write and at the end. */
  rssBeforeBytes: number;
  rssAfterBytes: number;
  heapUsedAfterBytes: number;
  /** Events per second while the journal filled. */
  eventsPerSecond: number;
}

/**
 * Journal `events` events in a mock whose journal keeps at most `maxRecords` records, and measure
 * the mock process's resident size. The mock runs in its own process, the load in another.
 */
export async function measureMemory(options: MemoryOptions): Promise<MemoryFigures> {
  const mock = await startNodeTarget('mock', { maxRecords: options.maxRecords });
  try {
    const before = await mock.memory();
    const requests = Math.ceil(options.events / BATCH_SIZE);
    const started = performance.now();
    const result = await runLoad({
      url: `${mock.url}${BATCH_PATH}`,
      body: batchBody(),
      headers: WRITE_HEADERS,
      connections: options.connections,
      durationSeconds: 600,
      amount: requests,
    });
    const seconds = (performance.now() - started) / 1000;
    if (result.ok !== requests) {
      throw new Error(
        `memory: ${result.ok} of ${requests} batch requests were accepted (${result.non2xx} not 2xx, ${result.errors} failed)`,
      );
    }
    const journaled = await mock.journaled();
    if (journaled !== requests * BATCH_SIZE) {
      throw new Error(
        `memory: ${requests * BATCH_SIZE} events were sent, but ${journaled} were journaled`,
      );
    }
    const after = await mock.memory();
    return {
      events: journaled,
      maxRecords: options.maxRecords,
      keptRecords: Math.min(journaled, options.maxRecords),
      rssBeforeBytes: before.rss,
      rssAfterBytes: after.rss,
      heapUsedAfterBytes: after.heapUsed,
      eventsPerSecond: journaled / seconds,
    };
  } finally {
    await mock.stop();
  }
}

/** Memory with the journal bounded at `maxRecords`, and again at the plan's lower bound. */
export async function measureMemoryBounds(
  plan: MemoryPlan,
): Promise<{ full: MemoryFigures; small: MemoryFigures }> {
  const full = await measureMemory(plan);
  const small = await measureMemory({ ...plan, maxRecords: plan.smallBound });
  return { full, small };
}
