import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { BenchResults } from './report/results.js';

const require = createRequire(import.meta.url);
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

/** Figure names every run writes, one per measured quantity. */
const EXPECTED_FIGURES = [
  'ingest.single.mock.requests_per_s',
  'ingest.single.node_http.latency_p99_ms',
  'ingest.single.wiremock.requests_per_s',
  'ingest.single.mock_to_node_http_ratio',
  'ingest.batch.mock.events_per_s',
  'ingest.batch.mock_to_wiremock_ratio',
  'settle.device.median_ms',
  'settle.cloud.median_ms',
  'suite.device.wall_ms',
  'suite.cloud.run_median_ms',
  'scaling.x1.wall_ms',
  'scaling.x2.wall_ms',
  'scaling.marginal_ratio',
  'scaling.last_copy_duration_ratio',
  'memory.rss_mb',
];

describe('bench --smoke', () => {
  let dir: string;
  let results: BenchResults;
  let page: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'keen-bench-smoke-'));
    const tsx = require.resolve('tsx/cli');
    await promisify(execFile)(process.execPath, [tsx, MAIN, '--smoke', '--out-dir', dir], {
      maxBuffer: 16 * 1024 * 1024,
    });
    results = JSON.parse(await readFile(join(dir, 'latest.json'), 'utf8')) as BenchResults;
    page = await readFile(join(dir, 'benchmarks.md'), 'utf8');
  }, 600_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names the machine', () => {
    expect(results.smoke).toBe(true);
    expect(results.machine.cores).toBeGreaterThan(0);
    expect(results.machine.cpuModel).not.toBe('');
    expect(results.machine.node).toBe(process.version);
  });

  it('writes one number per figure', () => {
    for (const name of EXPECTED_FIGURES) {
      expect(typeof results.figures[name], name).toBe('number');
      expect(Number.isFinite(results.figures[name]), `${name} is finite`).toBe(true);
    }
  });

  it('counts every scenario run', () => {
    expect(results.figures['suite.device.runs_count']).toBe(1);
    expect(results.figures['suite.cloud.runs_count']).toBe(1);
    expect(results.figures['suite.device.failed_count']).toBe(0);
    expect(results.figures['suite.cloud.failed_count']).toBe(0);
    expect(results.figures['scaling.x2.runs_count']).toBe(4);
    expect(results.figures['scaling.rounds_count']).toBe(1);
  });

  it('journals every memory event', () => {
    expect(results.figures['memory.events_count']).toBe(2_000);
    expect(results.figures['memory.small_bound.max_records_count']).toBe(1_000);
  });

  it('judges each goal', () => {
    expect(results.goals).toHaveLength(8);
    for (const goal of results.goals) {
      expect(results.figures[goal.figure], goal.figure).toBe(goal.measured);
    }
  });

  it('writes the page sections', () => {
    for (const heading of [
      '## Goals',
      '## Ingest',
      '## Settle and suite time',
      '## How cost grows',
      '## Memory',
    ]) {
      expect(page).toContain(heading);
    }
    expect(page).toContain(results.machine.cpuModel);
  });
});
