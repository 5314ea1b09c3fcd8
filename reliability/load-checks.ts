import type { LoadReport } from './load.js';

/**
 * Heap growth allowed after a reset, over the baseline: the larger of 16 MiB and a quarter of the
 * baseline. V8 keeps some compiled code and grown internal tables after a burst of traffic.
 */
export function heapMarginBytes(baselineHeap: number): number {
  return Math.max(16 * 1024 * 1024, baselineHeap / 4);
}

/**
 * RSS allowed after a reset, over the baseline: half of what the load added. The allocator keeps
 * some freed pages, so RSS does not fall all the way back; what the journal held must be released.
 */
export function rssLimitBytes(report: LoadReport): number {
  const { baseline, peak } = report.memory;
  return baseline.rss + Math.max(32 * 1024 * 1024, (peak.rss - baseline.rss) / 2);
}

/** List what went wrong in a load run; empty when the run passed. */
export function findLoadProblems(report: LoadReport): string[] {
  const problems: string[] = [];
  const { journal, memory, options } = report;
  if (report.stoppedByDeadline)
    problems.push(`the clients were stopped by the ${options.deadlineMs} ms deadline`);
  if (report.failureCount > 0)
    problems.push(
      `${report.failureCount} request(s) failed, for example: ${report.failures.join(' | ')}`,
    );
  if (report.sentEvents !== options.events)
    problems.push(`${report.sentEvents} events sent, expected ${options.events}`);
  if (journal.accepted !== report.sentEvents)
    problems.push(`${journal.accepted} accepted records for ${report.sentEvents} events sent`);
  if (journal.rejected > 0) problems.push(`${journal.rejected} rejected record(s)`);
  if (journal.duplicates > 0)
    problems.push(`${journal.duplicates} event id(s) recorded more than once`);
  if (journal.missing > 0) problems.push(`${journal.missing} sent event id(s) not recorded`);
  if (journal.unknown > 0) problems.push(`${journal.unknown} recorded id(s) that were never sent`);

  const heapLimit = memory.baseline.heapUsed + heapMarginBytes(memory.baseline.heapUsed);
  if (memory.afterReset.heapUsed > heapLimit) {
    problems.push(
      `heap after reset ${mebibytes(memory.afterReset.heapUsed)} is above ${mebibytes(heapLimit)} (baseline ${mebibytes(memory.baseline.heapUsed)})`,
    );
  }
  const rssLimit = rssLimitBytes(report);
  if (memory.afterReset.rss > rssLimit) {
    problems.push(
      `RSS after reset ${mebibytes(memory.afterReset.rss)} is above ${mebibytes(rssLimit)} (baseline ${mebibytes(memory.baseline.rss)}, peak ${mebibytes(memory.peak.rss)})`,
    );
  }
  return problems;
}

export function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
