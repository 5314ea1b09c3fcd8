import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { startCli } from './cli-process.js';

/** The result of one scenario run in one mode against one target, read from Playwright's JSON report. */
export interface RunOutcome {
  scenarioId: string;
  mode: string;
  target: string;
  /** Playwright's status of the last attempt: passed, failed, timedOut, interrupted or skipped. */
  status: string;
  error: string | null;
  /** The JSON attachments of the run, such as `keen-records.json` and `settings.json`, parsed. */
  attachments: Record<string, unknown>;
}

export interface CatalogueRun {
  exitCode: number | null;
  /** True when the run had to be killed at its deadline. */
  killed: boolean;
  outcomes: RunOutcome[];
  output: string;
}

export interface CatalogueRunOptions {
  paths: string[];
  workers?: number;
  /** Folder for this run's reports and test artifacts. */
  reportDir: string;
  /** The run is killed after this long. */
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
}

interface JsonAttachment {
  name: string;
  contentType: string;
  body?: string;
  path?: string;
}

interface JsonSuite {
  title: string;
  suites?: JsonSuite[];
  specs?: Array<{
    title: string;
    tests: Array<{
      results: Array<{
        status: string;
        error?: { message?: string };
        attachments: JsonAttachment[];
      }>;
    }>;
  }>;
}

async function readAttachments(attachments: JsonAttachment[]): Promise<Record<string, unknown>> {
  const parsed: Record<string, unknown> = {};
  for (const attachment of attachments) {
    if (attachment.contentType !== 'application/json') continue;
    const text =
      attachment.body !== undefined
        ? Buffer.from(attachment.body, 'base64').toString('utf8')
        : attachment.path
          ? await readFile(attachment.path, 'utf8').catch(() => null)
          : null;
    if (text !== null) parsed[attachment.name] = JSON.parse(text);
  }
  return parsed;
}

/** Collect one outcome per test of the report; a test's describe block is its target. */
async function collectOutcomes(
  suite: JsonSuite,
  target: string,
  outcomes: RunOutcome[],
): Promise<void> {
  for (const spec of suite.specs ?? []) {
    const match = /^(.*) \[(device|cloud)\]$/.exec(spec.title);
    for (const test of spec.tests) {
      const last = test.results.at(-1);
      outcomes.push({
        scenarioId: match?.[1] ?? spec.title,
        mode: match?.[2] ?? 'unknown',
        target,
        status: last?.status ?? 'skipped',
        error: last?.error?.message ?? null,
        attachments: last ? await readAttachments(last.attachments) : {},
      });
    }
  }
  for (const child of suite.suites ?? [])
    await collectOutcomes(child, child.specs?.length ? child.title : target, outcomes);
}

/** Run `keen-harness run` on `paths` and read every scenario run's outcome from the JSON report. */
export async function runCatalogue(options: CatalogueRunOptions): Promise<CatalogueRun> {
  await mkdir(options.reportDir, { recursive: true });
  const args = [
    'run',
    ...options.paths,
    '--report-dir',
    options.reportDir,
    '--output-dir',
    join(options.reportDir, 'results'),
  ];
  if (options.workers !== undefined) args.push('--workers', String(options.workers));

  const result = await startCli(args, { env: options.env }).exited(options.timeoutMs);
  const output = result.stdout + result.stderr;
  const killed = result.signal === 'SIGKILL';
  const text = await readFile(join(options.reportDir, 'report.json'), 'utf8').catch(() => null);
  const outcomes: RunOutcome[] = [];
  if (text !== null) {
    for (const suite of (JSON.parse(text) as { suites: JsonSuite[] }).suites)
      await collectOutcomes(suite, 'reference', outcomes);
  }
  return { exitCode: result.code, killed, outcomes, output };
}
