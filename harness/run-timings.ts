import { performance } from 'node:perf_hooks';

/**
 * Marks of one scenario run, in milliseconds of `performance.now()` in the Playwright worker, so
 * only differences between marks of one run mean anything. A mark the run never reached is null.
 */
export interface RunTimings {
  /** The runner started. */
  startedAt: number;
  /** The destination could take calls: loaded in the browser, or configured in cloud mode. */
  readyAt: number | null;
  /** The scenario's last call was handed to the Segment client; the sentinel comes after it. */
  lastCallAt: number | null;
  /** The mock recorded the sentinel, or the quiet period passed. */
  settledAt: number | null;
}

/** Start the marks of a run at the current time. */
export function startRunTimings(): RunTimings {
  return { startedAt: performance.now(), readyAt: null, lastCallAt: null, settledAt: null };
}

/** Set a mark of `timings` to the current time. */
export function markRun(timings: RunTimings, mark: Exclude<keyof RunTimings, 'startedAt'>): void {
  timings[mark] = performance.now();
}
