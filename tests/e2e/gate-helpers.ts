import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JSONReport } from '@playwright/test/reporter';
import { parseGateReport } from '../../harness/reporting/gate-results.js';
import type { GateResult } from '../../harness/reporting/gate-results.js';

export interface Finished {
  code: number | null;
  output: string;
}

/** Runs a command of the repository (`bin/keen-harness.js …` or a Node script) and collects its output. */
export function runNode(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, CI: '', ...env } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/** Runs the keen-harness CLI as a user would. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Finished> {
  return runNode(['bin/keen-harness.js', ...args], env);
}

/** Creates a fresh folder for one test's reports and files. */
export function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'keen-harness-gate-'));
}

/** Reads a run's `report.json` as gate results. */
export async function readResults(reportDir: string): Promise<GateResult[]> {
  const report = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8')) as JSONReport;
  return parseGateReport(report).results;
}
