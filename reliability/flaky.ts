import { join } from 'node:path';

import { runCatalogue, type RunOutcome } from './catalogue-run.js';

export interface FlakyOptions {
  paths: string[];
  /** Catalogue runs to make, one after another. */
  runs: number;
  /** No new run starts after this long; a run in progress is killed at it. */
  deadlineMs: number;
  workers?: number;
  reportDir: string;
  /** Receives one line per finished run. */
  log?: (line: string) => void;
}

/** The results of one scenario and mode against one target, across the runs. */
export interface ResultHistory {
  key: string;
  statuses: string[];
}

export interface FlakyReport {
  runsMade: number;
  stoppedByDeadline: boolean;
  /** Runs that reported no result, exited with neither 0 nor 1, or had to be killed. */
  brokenRuns: string[];
  histories: ResultHistory[];
  /** Histories with a pass in one run and a failure in another. */
  flaky: ResultHistory[];
  /** Histories that never passed. */
  alwaysFailing: ResultHistory[];
  durationMs: number;
}

function keyOf(outcome: RunOutcome): string {
  return `${outcome.target} › ${outcome.scenarioId} [${outcome.mode}]`;
}

/** Summarize the histories: a result is flaky when it both passed and did not pass. */
export function classifyHistories(
  histories: ResultHistory[],
): Pick<FlakyReport, 'flaky' | 'alwaysFailing'> {
  const flaky = histories.filter(
    (history) =>
      history.statuses.includes('passed') && history.statuses.some((status) => status !== 'passed'),
  );
  const alwaysFailing = histories.filter((history) => !history.statuses.includes('passed'));
  return { flaky, alwaysFailing };
}

/**
 * Run the catalogue `runs` times in a row, or until the deadline, and record every scenario and
 * mode's status in each run. Stops by itself: each run is killed at the deadline at the latest.
 */
export async function findFlakyResults(options: FlakyOptions): Promise<FlakyReport> {
  const started = Date.now();
  const deadline = started + options.deadlineMs;
  const histories = new Map<string, string[]>();
  const brokenRuns: string[] = [];
  let runsMade = 0;

  while (runsMade < options.runs && Date.now() < deadline) {
    const run = await runCatalogue({
      paths: options.paths,
      workers: options.workers,
      reportDir: join(options.reportDir, `run-${runsMade + 1}`),
      timeoutMs: Math.max(1, deadline - Date.now()),
    });
    runsMade++;
    // Exit code 1 only means a scenario failed; a run that reported nothing did not run at all.
    if (run.killed || run.outcomes.length === 0 || (run.exitCode !== 0 && run.exitCode !== 1)) {
      brokenRuns.push(
        `run ${runsMade}: exit code ${run.exitCode}${run.killed ? ', killed at the deadline' : ''}: ${run.output.slice(-500)}`,
      );
    }
    for (const outcome of run.outcomes) {
      const key = keyOf(outcome);
      histories.set(key, [...(histories.get(key) ?? []), outcome.status]);
    }
    const failed = run.outcomes.filter((outcome) => outcome.status !== 'passed').length;
    options.log?.(
      `run ${runsMade}: ${run.outcomes.length} results, ${failed} not passed, exit code ${run.exitCode}`,
    );
  }

  const list = [...histories].map(([key, statuses]) => ({ key, statuses }));
  return {
    runsMade,
    stoppedByDeadline: runsMade < options.runs,
    brokenRuns,
    histories: list,
    ...classifyHistories(list),
    durationMs: Date.now() - started,
  };
}
