/**
 * `npm run reliability:isolation`: run the catalogue on 8 workers and check that no run saw another
 * run's records. Exit 0 when every run passed and the check found nothing. Options: --workers N,
 * and scenario paths (default scenarios).
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { loadScenarios } from '../harness/scenarios/load.js';
import { runCatalogue } from './catalogue-run.js';
import { findIsolationProblems } from './isolation.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    workers: { type: 'string', default: '8' },
    'report-dir': {
      type: 'string',
      default: join(tmpdir(), `keen-harness-isolation-${process.pid}`),
    },
  },
});

const workers = Number(values.workers);
if (!Number.isInteger(workers) || workers < 1) {
  console.error(
    `reliability:isolation: --workers must be a positive integer (got ${values.workers})`,
  );
  process.exit(2);
}
const paths = positionals.length > 0 ? positionals : ['scenarios'];
const started = Date.now();
const run = await runCatalogue({
  paths,
  workers,
  reportDir: values['report-dir'],
  timeoutMs: 30 * 60_000,
});
const scenarios = (await loadScenarios(['scenarios'])).map((loaded) => loaded.scenario);
const problems = findIsolationProblems(run.outcomes, scenarios);
const notPassed = run.outcomes.filter((outcome) => outcome.status !== 'passed');
const records = run.outcomes.reduce((sum, outcome) => {
  const list = outcome.attachments['keen-records.json'];
  return sum + (Array.isArray(list) ? list.length : 0);
}, 0);

console.log(
  `${run.outcomes.length} scenario runs on ${workers} workers in ${((Date.now() - started) / 1000).toFixed(1)} s, ${records} records checked`,
);
for (const outcome of notPassed)
  console.error(
    `NOT PASSED: ${outcome.scenarioId} [${outcome.mode}]: ${outcome.status}: ${outcome.error ?? ''}`,
  );
for (const problem of problems) console.error(`ISOLATION: ${problem}`);
console.log(`isolation problems: ${problems.length}, runs not passed: ${notPassed.length}`);
process.exitCode =
  problems.length === 0 && notPassed.length === 0 && run.outcomes.length > 0 ? 0 : 1;
