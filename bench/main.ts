/**
 * `npm run bench`: measure the mock's ingest against a bare node:http server and WireMock, the
 * time to settle, suite wall time and its growth, and the mock's memory. Then write
 * `docs/benchmarks.md` and `bench/results/latest.json`.
 *
 * Options: `--smoke` runs every part on a few hundred requests and two scenarios. `--out-dir DIR`
 * writes `benchmarks.md` and `latest.json` into DIR instead. `--render-only` rewrites the page from
 * the results file without measuring.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

import * as prettier from 'prettier';

import { readLargestProfile, topSelfTime, type ProfileEntry } from './cpu-profile.js';
import { measureIngest, type IngestOptions } from './ingest/measure-ingest.js';
import { describeMachine } from './machine.js';
import { measureMemoryBounds, type MemoryPlan } from './memory/measure-memory.js';
import { judgeGoals, toFigures, type BenchResults } from './report/results.js';
import { renderPage } from './report/write-page.js';
import { measureSuite, type SuiteOptions } from './suite/measure-suite.js';

const root = fileURLToPath(new URL('../', import.meta.url));

interface BenchPlan {
  ingest: IngestOptions;
  memory: MemoryPlan;
  suite: SuiteOptions;
}

const FULL: BenchPlan = {
  ingest: { durationSeconds: 5, warmupSeconds: 3, rounds: 3, connections: 16 },
  memory: { events: 1_000_000, maxRecords: 1_000_000, smallBound: 100_000, connections: 8 },
  suite: { catalogue: [join(root, 'scenarios')], scaleFactors: [1, 2, 4], scaleRounds: 3 },
};

const SMOKE: BenchPlan = {
  ingest: { durationSeconds: 1, warmupSeconds: 0, rounds: 1, connections: 4, requests: 200 },
  memory: { events: 2_000, maxRecords: 2_000, smallBound: 1_000, connections: 4 },
  suite: {
    catalogue: [
      join(root, 'scenarios/cloud-track/server-example.json'),
      join(root, 'scenarios/device-track/properties-and-keen-object.json'),
    ],
    scaleFactors: [1, 2],
    scaleRounds: 1,
  },
};

function log(line: string): void {
  console.log(`bench: ${line}`);
}

async function profileOf(folder: string): Promise<ProfileEntry[]> {
  try {
    return topSelfTime(await readLargestProfile(folder), root, 12);
  } catch (error) {
    log(`no CPU profile of the mock: ${(error as Error).message}`);
    return [];
  }
}

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    'out-dir': { type: 'string' },
    'render-only': { type: 'boolean', default: false },
  },
});
const outDir = values['out-dir'] === undefined ? null : resolve(values['out-dir']);
const pageFile = outDir === null ? join(root, 'docs/benchmarks.md') : join(outDir, 'benchmarks.md');
const resultsFile =
  outDir === null ? join(root, 'bench/results/latest.json') : join(outDir, 'latest.json');

/** Run every part of the bench and return its results. */
async function runBench(smoke: boolean): Promise<BenchResults> {
  const plan = smoke ? SMOKE : FULL;
  const machine = describeMachine();
  const profileDir = await mkdtemp(join(tmpdir(), 'keen-bench-profile-'));
  const started = performance.now();
  try {
    log(`ingest: ${plan.ingest.rounds} round(s) per server and request shape`);
    const ingest = await measureIngest({ ...plan.ingest, cpuProfileDir: profileDir });
    const profile = {
      single: await profileOf(join(profileDir, 'single')),
      batch: await profileOf(join(profileDir, 'batch')),
    };

    log(
      `memory: ${plan.memory.events} events into a journal bounded at ${plan.memory.maxRecords} records`,
    );
    const memory = await measureMemoryBounds(plan.memory);

    log(
      `suite: each mode, then ${plan.suite.scaleRounds} round(s) of ${plan.suite.scaleFactors.join('x, ')}x the catalogue`,
    );
    const suite = await measureSuite(plan.suite);

    const figures = toFigures({ ingest, memory, suite });
    figures['bench.wall_s'] = Math.round((performance.now() - started) / 1000);
    const command = smoke ? 'npm run bench -- --smoke' : 'npm run bench';
    return { command, smoke, machine, figures, goals: judgeGoals(figures), profile };
  } finally {
    await rm(profileDir, { recursive: true, force: true });
  }
}

// `--render-only` rewrites the page from the results file, after a change to the page's text.
const results = values['render-only']
  ? (JSON.parse(await readFile(resultsFile, 'utf8')) as BenchResults)
  : await runBench(values.smoke ?? false);
await mkdir(dirname(pageFile), { recursive: true });
await mkdir(dirname(resultsFile), { recursive: true });
if (!values['render-only']) await writeFile(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
// Formatted as `npm run lint` expects every Markdown file to be.
const prettierOptions = (await prettier.resolveConfig(pageFile)) ?? {};
await writeFile(
  pageFile,
  await prettier.format(renderPage(results), { ...prettierOptions, filepath: pageFile }),
);

for (const goal of results.goals) {
  log(
    `${goal.met ? 'met    ' : 'not met'} ${goal.name}: ${goal.measured} (${goal.comparison} ${goal.target})`,
  );
}
log(`wrote ${pageFile}${values['render-only'] ? '' : ` and ${resultsFile}`}`);
