import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../../', import.meta.url));

/** The report files and folders of one run. */
export interface ReportPaths {
  dir: string;
  junit: string;
  /** Playwright's JSON report, which the gate reads back for its verdict. */
  json: string;
  /** Playwright's HTML report folder, with each scenario's attachments. */
  html: string;
  /** Playwright's blob report folder, written only for a shard, for `playwright merge-reports`. */
  blob: string;
}

/** Lays out the reports under `dir`; `junit` and `json` override those two files. */
export function reportPaths(dir: string, junit?: string, json?: string): ReportPaths {
  const base = resolve(dir);
  return {
    dir: base,
    junit: resolve(junit ?? join(base, 'junit.xml')),
    json: resolve(json ?? join(base, 'report.json')),
    html: join(base, 'html'),
    blob: join(base, 'blob'),
  };
}

export interface PlaywrightRunOptions {
  /** Environment of the run, with the selection variables already set. */
  env: NodeJS.ProcessEnv;
  reports: ReportPaths;
  workers?: number;
  retries: number;
  /** `i/n`: run only that shard and add the blob reporter. */
  shard?: string;
  /** Playwright's folder for test artifacts; default `test-results`. */
  outputDir?: string;
}

/**
 * Runs the `conformance` Playwright project with the list, JUnit, JSON and HTML reporters, and
 * the blob reporter for a shard. Resolves with Playwright's exit code, or null when it could not
 * start. The previous JSON report is removed first, so a stale one is never read as this run's.
 */
export async function runPlaywright(options: PlaywrightRunOptions): Promise<number | null> {
  const { reports } = options;
  await rm(reports.json, { force: true });

  const reporters = ['list', 'junit', 'json', 'html'];
  if (options.shard) reporters.push('blob');
  const args = [
    require.resolve('@playwright/test/cli'),
    'test',
    '--config',
    `${root}playwright.config.ts`,
    '--project',
    'conformance',
    '--reporter',
    reporters.join(','),
    '--retries',
    String(options.retries),
  ];
  if (options.workers !== undefined) args.push('--workers', String(options.workers));
  if (options.shard) args.push('--shard', options.shard);
  if (options.outputDir) args.push('--output', options.outputDir);

  const env: NodeJS.ProcessEnv = {
    ...options.env,
    PLAYWRIGHT_JUNIT_OUTPUT_FILE: reports.junit,
    PLAYWRIGHT_JSON_OUTPUT_FILE: reports.json,
    PLAYWRIGHT_HTML_OUTPUT_DIR: reports.html,
    PLAYWRIGHT_HTML_OPEN: 'never',
    PLAYWRIGHT_BLOB_OUTPUT_DIR: reports.blob,
  };
  // The JUnit reporter reads the file name from either variable; the explicit file wins.
  delete env.PLAYWRIGHT_JUNIT_OUTPUT_NAME;

  return new Promise<number | null>((resolvePromise) => {
    const child = spawn(process.execPath, args, { stdio: 'inherit', env });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (error) => {
      console.error(`keen-harness: failed to start Playwright: ${error.message}`);
      resolvePromise(null);
    });
    child.on('exit', (code) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolvePromise(code);
    });
  });
}
