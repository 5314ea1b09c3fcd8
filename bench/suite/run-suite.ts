import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import type { RunOptions } from '../../harness/cli/run.js';
import { forkTypeScript, waitForExit } from '../child-process.js';
import { readChildrenCpuMs } from './children-cpu.js';
import { readScenarioRuns, type ScenarioRun } from './read-report.js';

const SUITE_ENTRY = fileURLToPath(new URL('./suite-process.ts', import.meta.url));

/** Maximum time a suite run may take before it is killed. */
const SUITE_TIMEOUT_MS = 15 * 60_000;

export interface SuiteRequest {
  /** Scenario files or folders. */
  paths: string[];
  mode?: 'device' | 'cloud';
  workers?: number;
  /** Folder for the reports, the Playwright output and the console log of this run. */
  workDir: string;
}

export interface SuiteResult {
  /** From starting `keen-harness run` until it exited, in milliseconds. */
  wallMs: number;
  /**
   * CPU time of `keen-harness run`, its Playwright runner and workers and their browsers, user plus
   * system, in milliseconds, or null off Linux. Other processes on the cores change it less than
   * wall time, but they still do, because they slow each process's own work too.
   */
  cpuMs: number | null;
  exitCode: number | null;
  runs: ScenarioRun[];
}

/** Run the catalogue at `paths` through `keen-harness run` in a child process and read its JSON report. */
export async function runSuite(request: SuiteRequest): Promise<SuiteResult> {
  await mkdir(request.workDir, { recursive: true });
  const jsonReport = join(request.workDir, 'report.json');
  // Every report goes under the work folder, so the bench leaves the project's reports/ alone.
  const options: RunOptions = {
    reportDir: request.workDir,
    junit: join(request.workDir, 'junit.xml'),
    jsonReport,
    outputDir: join(request.workDir, 'test-results'),
    ...(request.mode ? { mode: [request.mode] } : {}),
    ...(request.workers ? { workers: request.workers } : {}),
  };
  const log = await open(join(request.workDir, 'console.log'), 'w');
  try {
    const cpuBefore = readChildrenCpuMs();
    const started = performance.now();
    const args = [JSON.stringify(options), ...request.paths];
    const child = forkTypeScript(SUITE_ENTRY, args, [], log.fd);
    await waitForExit(child, SUITE_TIMEOUT_MS);
    const wallMs = performance.now() - started;
    const cpuAfter = readChildrenCpuMs();
    const cpuMs = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
    return { wallMs, cpuMs, exitCode: child.exitCode, runs: await readScenarioRuns(jsonReport) };
  } finally {
    await log.close();
  }
}
