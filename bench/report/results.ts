import type { ProfileEntry } from '../cpu-profile.js';
import type { IngestFigures, Shape, TargetName } from '../ingest/measure-ingest.js';
import type { Machine } from '../machine.js';
import type { MemoryFigures } from '../memory/measure-memory.js';
import { round } from '../stats.js';
import type { ModeFigures, SuiteFigures } from '../suite/measure-suite.js';

/** Everything one bench run measured. */
export interface BenchMeasurements {
  ingest: IngestFigures;
  memory: { full: MemoryFigures; small: MemoryFigures };
  suite: SuiteFigures;
}

/** One goal with the measured figure next to it. */
export interface Goal {
  name: string;
  /** The figure's key in `figures`. */
  figure: string;
  comparison: '>=' | '>' | '<' | '<=';
  target: number;
  measured: number;
  met: boolean;
}

/** The content of `bench/results/latest.json`. */
export interface BenchResults {
  command: string;
  smoke: boolean;
  machine: Machine;
  /** One named figure per key; the unit ends the name. */
  figures: Record<string, number>;
  goals: Goal[];
  /** The functions with the most self time in the mock, per request shape. */
  profile: { single: ProfileEntry[]; batch: ProfileEntry[] };
}

const TARGET_KEYS: Record<TargetName, string> = {
  mock: 'mock',
  'node-http': 'node_http',
  wiremock: 'wiremock',
};

function ingestFigures(ingest: IngestFigures, figures: Record<string, number>): void {
  for (const shape of ['single', 'batch'] as Shape[]) {
    for (const target of Object.keys(TARGET_KEYS) as TargetName[]) {
      const prefix = `ingest.${shape}.${TARGET_KEYS[target]}`;
      const measured = ingest[target][shape];
      figures[`${prefix}.requests_per_s`] = round(measured.requestsPerSecond, 0);
      figures[`${prefix}.events_per_s`] = round(measured.eventsPerSecond, 0);
      figures[`${prefix}.latency_p50_ms`] = measured.latencyP50Ms;
      figures[`${prefix}.latency_p99_ms`] = measured.latencyP99Ms;
    }
    figures[`ingest.${shape}.mock_to_node_http_ratio`] = round(ingest.mockToBaseline[shape], 3);
    figures[`ingest.${shape}.mock_to_wiremock_ratio`] = round(ingest.mockToWireMock[shape], 3);
  }
}

function modeFigures(
  mode: 'device' | 'cloud',
  measured: ModeFigures,
  figures: Record<string, number>,
): void {
  const prefix = `suite.${mode}`;
  figures[`${prefix}.runs_count`] = measured.runs;
  figures[`${prefix}.failed_count`] = measured.failed;
  figures[`${prefix}.wall_ms`] = round(measured.wallMs, 0);
  figures[`${prefix}.run_median_ms`] = round(measured.medianRunMs, 1);
  figures[`${prefix}.run_p90_ms`] = round(measured.p90RunMs, 1);
  figures[`${prefix}.ready_median_ms`] = round(measured.readyMedianMs, 1);
  figures[`${prefix}.overhead_median_ms`] = round(measured.overheadMedianMs, 1);
  figures[`settle.${mode}.median_ms`] = round(measured.settleMedianMs, 1);
  figures[`settle.${mode}.p90_ms`] = round(measured.settleP90Ms, 1);
}

/** Flatten the measurements into named figures. */
export function toFigures(measurements: BenchMeasurements): Record<string, number> {
  const figures: Record<string, number> = {};
  ingestFigures(measurements.ingest, figures);
  modeFigures('device', measurements.suite.device, figures);
  modeFigures('cloud', measurements.suite.cloud, figures);

  const { scaling } = measurements.suite;
  for (const point of scaling.points) {
    figures[`scaling.x${point.factor}.runs_count`] = point.runs;
    figures[`scaling.x${point.factor}.wall_ms`] = round(point.wallMs, 0);
    if (point.cpuMs !== null) figures[`scaling.x${point.factor}.cpu_ms`] = round(point.cpuMs, 0);
  }
  figures['scaling.rounds_count'] = scaling.rounds;
  figures['scaling.slope_ms_per_run'] = round(scaling.slopeMsPerRun, 1);
  figures['scaling.intercept_ms'] = round(scaling.interceptMs, 0);
  figures['scaling.r2'] = round(scaling.r2, 4);
  figures['scaling.marginal_ratio'] = round(scaling.marginalRatio, 3);
  figures['scaling.round_marginal_ratio_min'] = round(Math.min(...scaling.roundMarginalRatios), 3);
  figures['scaling.round_marginal_ratio_max'] = round(Math.max(...scaling.roundMarginalRatios), 3);
  if (scaling.cpuMarginalRatio !== null)
    figures['scaling.cpu_marginal_ratio'] = round(scaling.cpuMarginalRatio, 3);
  figures['scaling.last_copy_duration_ratio'] = round(scaling.lastCopyDurationRatio, 3);

  const memory = measurements.memory.full;
  const small = measurements.memory.small;
  figures['memory.events_count'] = memory.events;
  figures['memory.max_records_count'] = memory.maxRecords;
  figures['memory.rss_before_mb'] = round(memory.rssBeforeBytes / 2 ** 20, 1);
  figures['memory.rss_mb'] = round(memory.rssAfterBytes / 2 ** 20, 1);
  figures['memory.heap_used_mb'] = round(memory.heapUsedAfterBytes / 2 ** 20, 1);
  figures['memory.ingest_events_per_s'] = round(memory.eventsPerSecond, 0);
  figures['memory.heap_bytes_per_event'] = round(memory.heapUsedAfterBytes / memory.events, 0);
  figures['memory.small_bound.max_records_count'] = small.maxRecords;
  figures['memory.small_bound.rss_mb'] = round(small.rssAfterBytes / 2 ** 20, 1);
  figures['memory.small_bound.ingest_events_per_s'] = round(small.eventsPerSecond, 0);
  return figures;
}

function goal(
  name: string,
  figures: Record<string, number>,
  figure: string,
  comparison: Goal['comparison'],
  target: number,
): Goal {
  const measured = figures[figure];
  const met = {
    '>=': measured >= target,
    '>': measured > target,
    '<': measured < target,
    '<=': measured <= target,
  }[comparison];
  return { name, figure, comparison, target, measured, met };
}

/** Judge the figures against the project's performance goals. */
export function judgeGoals(figures: Record<string, number>): Goal[] {
  return [
    goal(
      'Single-event ingest, share of the bare node:http baseline',
      figures,
      'ingest.single.mock_to_node_http_ratio',
      '>=',
      0.5,
    ),
    goal(
      'Single-event ingest, ratio to WireMock',
      figures,
      'ingest.single.mock_to_wiremock_ratio',
      '>',
      1,
    ),
    goal(
      'Batch ingest, events per second',
      figures,
      'ingest.batch.mock.events_per_s',
      '>=',
      200_000,
    ),
    goal('Settle in cloud mode, median ms', figures, 'settle.cloud.median_ms', '<', 50),
    goal('Settle in device mode, median ms', figures, 'settle.device.median_ms', '<', 150),
    goal(
      'Device run once the browser is up, median ms',
      figures,
      'suite.device.run_median_ms',
      '<',
      250,
    ),
    goal(
      'Suite time linear in scenarios, marginal cost ratio',
      figures,
      'scaling.marginal_ratio',
      '<=',
      1.2,
    ),
    goal('Resident size at 1,000,000 journaled events, MB', figures, 'memory.rss_mb', '<', 500),
  ];
}
