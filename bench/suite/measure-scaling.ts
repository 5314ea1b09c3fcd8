import { join } from 'node:path';

import { fitLine, median } from '../stats.js';
import { writeCatalogueCopies } from './catalogue-copies.js';
import type { ScenarioRun } from './read-report.js';
import { runSuite, type SuiteResult } from './run-suite.js';

export interface ScalingOptions {
  /** The catalogue: scenario folders or files. */
  catalogue: string[];
  /** Catalogue sizes, as multiples of the catalogue, in increasing order. */
  scaleFactors: number[];
  /** Rounds of runs. Each round runs every size once, in an order rotated by one size per round. */
  rounds: number;
  /** Folder for the copies and the runs' reports. */
  workDir: string;
}

export interface ScalingPoint {
  factor: number;
  runs: number;
  /** Median wall time over the rounds. */
  wallMs: number;
  /** Median CPU time over the rounds, or null where it cannot be read. */
  cpuMs: number | null;
  /** Wall time of each round, in round order. */
  roundWallMs: number[];
  /** CPU time of each round, in round order, or null where it cannot be read. */
  roundCpuMs: Array<number | null>;
}

export interface ScalingFigures {
  rounds: number;
  points: ScalingPoint[];
  /** Least-squares line through the median wall times: milliseconds per scenario run and fixed cost. */
  slopeMsPerRun: number;
  interceptMs: number;
  r2: number;
  /**
   * Milliseconds per run added by the last step over those added by the first step, from the
   * median wall times; 1 is linear.
   */
  marginalRatio: number;
  /** The same ratio from the median CPU times, or null where they cannot be read. */
  cpuMarginalRatio: number | null;
  /** The ratio from each round's own wall times, to show the spread a single pass would have. */
  roundMarginalRatios: number[];
  /**
   * Median duration ratio, in the largest catalogue, of a run of the last copy to the run of the
   * same scenario and mode in the first copy, then the median over the rounds. Above 1, runs get
   * slower the later they run within one suite.
   */
  lastCopyDurationRatio: number;
}

/** Milliseconds per run added from point `a` to point `b`. */
function msPerAddedRun(a: { runs: number; ms: number }, b: { runs: number; ms: number }): number {
  return (b.ms - a.ms) / (b.runs - a.runs);
}

/** Ratio of the last step's added milliseconds per run to the first step's; 1 is linear. */
export function marginalRatio(points: Array<{ runs: number; ms: number }>): number {
  const [first, second] = points;
  const last = points[points.length - 1];
  const beforeLast = points[points.length - 2];
  return msPerAddedRun(beforeLast, last) / msPerAddedRun(first, second);
}

/** Returns `items` rotated left by `round` places. */
function rotate<T>(items: T[], round: number): T[] {
  const shift = round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/**
 * Divides each passed run of the last copy by the passed run of the same scenario and mode in the
 * first copy, and returns the median ratio. Copies are named `copy{n}/{id}` and run in that order.
 */
export function lastCopyDurationRatio(runs: ScenarioRun[], copies: number): number {
  const firstCopy = new Map<string, number>();
  const lastCopy = new Map<string, number>();
  for (const run of runs) {
    const match = /^copy(\d+)\/(.*)$/.exec(run.title);
    if (match === null || run.status !== 'passed') continue;
    const copy = Number(match[1]);
    if (copy === 0) firstCopy.set(match[2], run.durationMs);
    if (copy === copies - 1) lastCopy.set(match[2], run.durationMs);
  }

  const ratios: number[] = [];
  for (const [key, first] of firstCopy) {
    const last = lastCopy.get(key);
    if (last !== undefined && first > 0) ratios.push(last / first);
  }
  return median(ratios);
}

/**
 * Runs 1x, 2x, 4x… copies of the catalogue through `keen-harness run` in both modes, for several
 * rounds, and reports how wall time and CPU time grow with the number of runs. Other load on the
 * machine changes between passes, so each size's figure is the median over rounds, and the rotated
 * order spreads slow spells over every size.
 */
export async function measureScaling(options: ScalingOptions): Promise<ScalingFigures> {
  const { scaleFactors: factors, rounds, workDir } = options;
  for (const factor of factors) {
    await writeCatalogueCopies(options.catalogue, factor, join(workDir, `x${factor}`, 'scenarios'));
  }

  const results = new Map<number, SuiteResult[]>(factors.map((factor) => [factor, []]));
  for (let round = 0; round < rounds; round++) {
    for (const factor of rotate(factors, round)) {
      const result = await runSuite({
        paths: [join(workDir, `x${factor}`, 'scenarios')],
        workDir: join(workDir, `x${factor}`, `round${round}`),
      });
      results.get(factor)?.push(result);
    }
  }

  const points = factors.map((factor): ScalingPoint => {
    const passes = results.get(factor) ?? [];
    const cpu = passes.map((pass) => pass.cpuMs);
    return {
      factor,
      runs: passes[0]?.runs.length ?? 0,
      wallMs: median(passes.map((pass) => pass.wallMs)),
      cpuMs: cpu.every((ms) => ms !== null) ? median(cpu as number[]) : null,
      roundWallMs: passes.map((pass) => pass.wallMs),
      roundCpuMs: cpu,
    };
  });

  const line = fitLine(points.map((point) => ({ x: point.runs, y: point.wallMs })));
  const cpuPoints = points.map((point) => ({ runs: point.runs, ms: point.cpuMs }));
  const largest = factors[factors.length - 1];
  const roundMarginalRatios = Array.from({ length: rounds }, (_, round) =>
    marginalRatio(points.map((point) => ({ runs: point.runs, ms: point.roundWallMs[round] }))),
  );
  return {
    rounds,
    points,
    slopeMsPerRun: line.slope,
    interceptMs: line.intercept,
    r2: line.r2,
    marginalRatio: marginalRatio(points.map((point) => ({ runs: point.runs, ms: point.wallMs }))),
    cpuMarginalRatio: cpuPoints.every((point) => point.ms !== null)
      ? marginalRatio(cpuPoints as Array<{ runs: number; ms: number }>)
      : null,
    roundMarginalRatios,
    lastCopyDurationRatio: median(
      (results.get(largest) ?? []).map((pass) => lastCopyDurationRatio(pass.runs, largest)),
    ),
  };
}
