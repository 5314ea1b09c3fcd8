/**
 * `npm run reliability:fuzz`: 10,000 generated malformed requests against a real mock over a
 * socket. Exit 0 when each got a Keen-shaped 4xx and nothing written before the fuzz changed.
 * Options: --requests N, --seed N (replays a failure that printed its seed).
 */
import { parseArgs } from 'node:util';

import { runFuzz } from './fuzz/run-fuzz.js';

const { values } = parseArgs({
  options: { requests: { type: 'string', default: '10000' }, seed: { type: 'string' } },
});

function readInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`reliability:fuzz: --${name} must be a non-negative integer (got ${text})`);
    process.exit(2);
  }
  return value;
}

const report = await runFuzz({
  requests: readInteger('requests', values.requests),
  seed: values.seed === undefined ? undefined : readInteger('seed', values.seed),
});
console.log(
  `requests ${report.requests}, seed ${report.seed}, ${(report.durationMs / 1000).toFixed(1)} s`,
);
for (const [family, count] of Object.entries(report.families).sort())
  console.log(`  ${family}: ${count}`);
if (report.failure !== null) console.error(`FAILED: ${report.failure}`);
for (const problem of report.problems) console.error(`FAILED: ${problem}`);
const passed = report.failure === null && report.problems.length === 0;
console.log(
  passed ? 'fuzz: every request got a Keen-shaped 4xx and nothing changed' : 'fuzz: failed',
);
process.exitCode = passed ? 0 : 1;
