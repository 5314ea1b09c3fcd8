/**
 * `npm run reliability:flaky`: run the catalogue 20 times in a row, stopping after 60 minutes at the
 * latest, and print the flaky results: a scenario and mode that passed in one run and failed in
 * another. Exit 0 when there are none. Options: --runs N, --minutes N, --workers N, and scenario
 * paths (default scenarios).
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { findFlakyResults } from './flaky.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '20' },
    minutes: { type: 'string', default: '60' },
    workers: { type: 'string' },
    'report-dir': { type: 'string', default: join(tmpdir(), `keen-harness-flaky-${process.pid}`) },
  },
});

function readPositive(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`reliability:flaky: --${name} must be a positive integer (got ${text})`);
    process.exit(2);
  }
  return value;
}

const report = await findFlakyResults({
  paths: positionals.length > 0 ? positionals : ['scenarios'],
  runs: readPositive('runs', values.runs),
  deadlineMs: readPositive('minutes', values.minutes) * 60_000,
  workers: values.workers === undefined ? undefined : readPositive('workers', values.workers),
  reportDir: values['report-dir'],
  log: (line) => console.log(line),
});

const results = report.histories.reduce((sum, history) => sum + history.statuses.length, 0);
console.log(
  `${report.runsMade} run(s) in ${(report.durationMs / 60_000).toFixed(1)} min${report.stoppedByDeadline ? ' (stopped by the deadline)' : ''}: ` +
    `${report.histories.length} scenario runs per pass, ${results} results`,
);
for (const history of report.alwaysFailing)
  console.log(`always failing: ${history.key}: ${history.statuses.join(', ')}`);
for (const history of report.flaky)
  console.error(`FLAKY: ${history.key}: ${history.statuses.join(', ')}`);
for (const line of report.brokenRuns) console.error(`BROKEN RUN: ${line}`);
console.log(`flaky results: ${report.flaky.length}`);
console.log(`reports: ${values['report-dir']}`);
process.exitCode = report.flaky.length === 0 && report.brokenRuns.length === 0 ? 0 : 1;
