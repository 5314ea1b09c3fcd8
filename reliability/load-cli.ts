/**
 * `npm run reliability:load`: 50 clients send 200,000 events to one mock over keep-alive loopback
 * connections, then the journal and the mock's memory are checked. Exit 0 when every check passed.
 * Options: --clients N, --events N, --batch-size N, --deadline-ms N.
 */
import { parseArgs } from 'node:util';

import { findLoadProblems, heapMarginBytes, mebibytes, rssLimitBytes } from './load-checks.js';
import { runLoad, type LoadReport } from './load.js';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '50' },
    events: { type: 'string', default: '200000' },
    'batch-size': { type: 'string', default: '10' },
    'deadline-ms': { type: 'string', default: '600000' },
  },
});

function readCount(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`reliability:load: --${name} must be a positive integer (got ${text})`);
    process.exit(2);
  }
  return value;
}

function printReport(report: LoadReport): void {
  const { journal, memory } = report;
  const seconds = report.durationMs / 1000;
  const lines = [
    `clients ${report.options.clients}, events ${report.sentEvents}, requests ${report.requests} (single POST, batch POST of ${report.options.batchSize}, GET in turn)`,
    `duration ${seconds.toFixed(1)} s: ${Math.round(report.requests / seconds)} requests/s, ${Math.round(report.sentEvents / seconds)} events/s`,
    `latency p50 ${report.latencyMs.p50.toFixed(1)} ms, p99 ${report.latencyMs.p99.toFixed(1)} ms, max ${report.latencyMs.max.toFixed(1)} ms`,
    `failed requests ${report.failureCount}`,
    `journal: accepted ${journal.accepted}, rejected ${journal.rejected}, unique ids ${journal.uniqueIds}, duplicates ${journal.duplicates}, missing ${journal.missing}, unknown ${journal.unknown}`,
    `heap used: baseline ${mebibytes(memory.baseline.heapUsed)}, peak ${mebibytes(memory.peak.heapUsed)}, after reset ${mebibytes(memory.afterReset.heapUsed)} (limit ${mebibytes(memory.baseline.heapUsed + heapMarginBytes(memory.baseline.heapUsed))})`,
    `RSS: baseline ${mebibytes(memory.baseline.rss)}, peak ${mebibytes(memory.peak.rss)}, after reset ${mebibytes(memory.afterReset.rss)} (limit ${mebibytes(rssLimitBytes(report))})`,
  ];
  for (const line of lines) console.log(line);
}

const report = await runLoad({
  clients: readCount('clients', values.clients),
  events: readCount('events', values.events),
  batchSize: readCount('batch-size', values['batch-size']),
  deadlineMs: readCount('deadline-ms', values['deadline-ms']),
});
printReport(report);
const problems = findLoadProblems(report);
for (const problem of problems) console.error(`FAILED: ${problem}`);
console.log(
  problems.length === 0 ? 'load: every check passed' : `load: ${problems.length} check(s) failed`,
);
process.exitCode = problems.length === 0 ? 0 : 1;
