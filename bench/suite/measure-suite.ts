import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { median, quantile } from '../stats.js';
import { measureScaling, type ScalingFigures } from './measure-scaling.js';
import type { ScenarioRun } from './read-report.js';
import { runSuite, type SuiteResult } from './run-suite.js';

export interface SuiteOptions {
  /** The catalogue: scenario folders or files. */
  catalogue: string[];
  /** Catalogue sizes for the scaling runs, as multiples of the catalogue. */
  scaleFactors: number[];
  /** Passes over every catalogue size, whose figures are the medians over the passes. */
  scaleRounds: number;
}

/** Figures of one mode's run of the whole catalogue. */
export interface ModeFigures {
  runs: number;
  failed: number;
  wallMs: number;
  /** Median test duration of the passed runs. */
  medianRunMs: number;
  p90RunMs: number;
  /** From the scenario's last call until the run was judged, or settled where no judge mark exists. */
  settleMedianMs: number;
  settleP90Ms: number;
  /** From the start of the runner until the destination could take calls. */
  readyMedianMs: number;
  /** Test time outside the calls and the settle: set-up, loading, reading records, closing. */
  overheadMedianMs: number;
}

export interface SuiteFigures {
  device: ModeFigures;
  cloud: ModeFigures;
  scaling: ScalingFigures;
}

function settleMs(run: ScenarioRun): number | null {
  const timings = run.timings;
  if (timings?.lastCallAt == null) return null;
  const end = timings.judgedAt ?? timings.settledAt;
  return end == null ? null : end - timings.lastCallAt;
}

function defined(values: Array<number | null>): number[] {
  return values.filter((value): value is number => value !== null && Number.isFinite(value));
}

function summarizeMode(result: SuiteResult): ModeFigures {
  const passed = result.runs.filter((run) => run.status === 'passed');
  const settles = defined(passed.map(settleMs));
  const readies = defined(
    passed.map((run) =>
      run.timings?.readyAt == null ? null : run.timings.readyAt - run.timings.startedAt,
    ),
  );
  const overheads = defined(
    passed.map((run) => {
      const settle = settleMs(run);
      const t = run.timings;
      if (settle === null || t?.readyAt == null || t.lastCallAt == null) return null;
      return run.durationMs - (t.lastCallAt - t.readyAt) - settle;
    }),
  );
  return {
    runs: result.runs.length,
    failed: result.runs.length - passed.length,
    wallMs: result.wallMs,
    medianRunMs: median(passed.map((run) => run.durationMs)),
    p90RunMs: quantile(
      passed.map((run) => run.durationMs),
      0.9,
    ),
    settleMedianMs: median(settles),
    settleP90Ms: quantile(settles, 0.9),
    readyMedianMs: median(readies),
    overheadMedianMs: median(overheads),
  };
}

/**
 * Run the catalogue through `keen-harness run` once per mode, then rounds of 1x, 2x, 4x… copies of
 * it in both modes, and summarize durations, the runners' timing marks and how suite time grows.
 */
export async function measureSuite(options: SuiteOptions): Promise<SuiteFigures> {
  const workDir = await mkdtemp(join(tmpdir(), 'keen-bench-suite-'));
  try {
    const device = await runSuite({
      paths: options.catalogue,
      mode: 'device',
      workDir: join(workDir, 'device'),
    });
    const cloud = await runSuite({
      paths: options.catalogue,
      mode: 'cloud',
      workDir: join(workDir, 'cloud'),
    });

    const scaling = await measureScaling({
      catalogue: options.catalogue,
      scaleFactors: options.scaleFactors,
      rounds: options.scaleRounds,
      workDir: join(workDir, 'scaling'),
    });
    return { device: summarizeMode(device), cloud: summarizeMode(cloud), scaling };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
