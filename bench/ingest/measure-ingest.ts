import { join } from 'node:path';

import { median } from '../stats.js';
import {
  BATCH_PATH,
  BATCH_SIZE,
  SINGLE_EVENT_PATH,
  WRITE_HEADERS,
  batchBody,
  singleEventBody,
} from './keen-requests.js';
import { runLoad } from './load.js';
import type { LoadPlan, LoadResult } from './load-generator.js';
import { startNodeTarget, type IngestTarget } from './targets.js';
import { startWireMock } from './wiremock.js';

export interface IngestOptions {
  /** Seconds of load per measurement; ignored when `requests` is set. */
  durationSeconds: number;
  /** Seconds of load per target and shape before the first measurement, for the JIT and the JVM. */
  warmupSeconds: number;
  /** Measurements per target and shape; each round visits the targets in a rotated order. */
  rounds: number;
  /** Keep-alive connections of the load generator. */
  connections: number;
  /** Requests per measurement instead of a duration, for a smoke run. */
  requests?: number;
  /** Write a CPU profile of the mock per request shape into `{folder}/single` and `{folder}/batch`. */
  cpuProfileDir?: string;
}

export type Shape = 'single' | 'batch';

/** Medians over the rounds for one target and one request shape. */
export interface ShapeFigures {
  requestsPerSecond: number;
  eventsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Every measurement, in round order. */
  runs: LoadResult[];
}

export type TargetName = 'mock' | 'node-http' | 'wiremock';

export type IngestFigures = Record<TargetName, Record<Shape, ShapeFigures>> & {
  /** Median of the per-round ratios of the mock's requests per second to the baseline's. */
  mockToBaseline: Record<Shape, number>;
  mockToWireMock: Record<Shape, number>;
};

const SHAPES: Record<Shape, { path: string; body: string; events: number }> = {
  single: { path: SINGLE_EVENT_PATH, body: singleEventBody(), events: 1 },
  batch: { path: BATCH_PATH, body: batchBody(), events: BATCH_SIZE },
};

/** Apply one load to a target emptied first, and check that it journaled every accepted event. */
async function measure(
  target: IngestTarget,
  shape: Shape,
  options: IngestOptions,
  seconds: number,
): Promise<LoadResult> {
  await target.reset();
  const { path, body, events } = SHAPES[shape];
  const plan: LoadPlan = {
    url: `${target.url}${path}`,
    body,
    headers: WRITE_HEADERS,
    connections: options.connections,
    durationSeconds: seconds,
    ...(options.requests === undefined ? {} : { amount: options.requests }),
  };
  const result = await runLoad(plan);
  if (result.non2xx > 0 || result.errors > 0 || result.ok === 0) {
    throw new Error(
      `${target.name} ${shape}: ${result.ok} replies were 2xx, ${result.non2xx} were not, and ${result.errors} requests failed`,
    );
  }
  const journaled = await target.journaled();
  // autocannon stops at the deadline with requests in flight, which the target may still journal.
  if (journaled < result.ok * events || journaled > (result.ok + options.connections) * events) {
    throw new Error(
      `${target.name} ${shape}: ${result.ok} requests of ${events} event(s) were accepted, but ${journaled} events were journaled`,
    );
  }
  return result;
}

function summarize(runs: LoadResult[], events: number): ShapeFigures {
  const requestsPerSecond = median(runs.map((run) => run.requestsPerSecond));
  return {
    requestsPerSecond,
    eventsPerSecond: requestsPerSecond * events,
    latencyP50Ms: median(runs.map((run) => run.latencyP50Ms)),
    latencyP99Ms: median(runs.map((run) => run.latencyP99Ms)),
    runs,
  };
}

function ratioOfMedians(numerator: LoadResult[], denominator: LoadResult[]): number {
  return median(
    numerator.map((run, index) => run.requestsPerSecond / denominator[index].requestsPerSecond),
  );
}

/**
 * Measure single-event and batch ingest of the mock, the bare node:http baseline and WireMock in
 * one run. The three servers run side by side in their own processes, and autocannon in another.
 */
export async function measureIngest(options: IngestOptions): Promise<IngestFigures> {
  const peers: IngestTarget[] = [];
  const runs = new Map<string, LoadResult[]>();
  try {
    peers.push(await startNodeTarget('node-http'));
    peers.push(await startWireMock());

    for (const shape of Object.keys(SHAPES) as Shape[]) {
      // A mock process per shape, so that each shape gets a CPU profile of its own.
      const cpuProfileDir = options.cpuProfileDir && join(options.cpuProfileDir, shape);
      const mock = await startNodeTarget('mock', { cpuProfileDir });
      try {
        await measureShape([mock, ...peers], shape, options, runs);
      } finally {
        await mock.stop();
      }
    }
  } finally {
    for (const peer of peers) await peer.stop();
  }

  const figures = {} as IngestFigures;
  for (const name of ['mock', 'node-http', 'wiremock'] as TargetName[]) {
    figures[name] = {
      single: summarize(runs.get(`${name}/single`) ?? [], 1),
      batch: summarize(runs.get(`${name}/batch`) ?? [], BATCH_SIZE),
    };
  }
  const ratio = (shape: Shape, other: TargetName) =>
    ratioOfMedians(figures.mock[shape].runs, figures[other][shape].runs);
  figures.mockToBaseline = {
    single: ratio('single', 'node-http'),
    batch: ratio('batch', 'node-http'),
  };
  figures.mockToWireMock = {
    single: ratio('single', 'wiremock'),
    batch: ratio('batch', 'wiremock'),
  };
  return figures;
}

/** Warm the targets up on one request shape, then measure each round in a rotated order. */
async function measureShape(
  targets: IngestTarget[],
  shape: Shape,
  options: IngestOptions,
  runs: Map<string, LoadResult[]>,
): Promise<void> {
  if (options.requests === undefined) {
    for (const target of targets) await measure(target, shape, options, options.warmupSeconds);
  }
  for (let round = 0; round < options.rounds; round++) {
    const order = targets.map((_, index) => targets[(index + round) % targets.length]);
    for (const target of order) {
      const key = `${target.name}/${shape}`;
      const result = await measure(target, shape, options, options.durationSeconds);
      runs.set(key, [...(runs.get(key) ?? []), result]);
    }
  }
}
