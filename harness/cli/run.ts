import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { BrowserProvisioningError, ensureChromium } from '../browser/provision.js';
import { FILTER_ENV, readRunFilter } from '../run-filter.js';
import { validateScenarioFiles } from '../authoring/validate-scenarios.js';
import { printProblems } from './validate.js';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../../', import.meta.url));

export interface RunOptions {
  mode?: string[];
  grep?: string[];
  workers?: number;
  junit: string;
  shard?: string;
  /** Also write Playwright's JSON report, with the runs' attachments, to this file. */
  jsonReport?: string;
  /** Playwright's output folder for test artifacts (default test-results/). */
  outputDir?: string;
}

const MODES = ['device', 'cloud'];

/**
 * Validates the selected scenarios, makes sure a browser exists when device mode runs, then runs
 * the catalogue as Playwright tests. Returns the exit code: 0 passed, 1 failures, 2 errors.
 */
export async function runCommand(paths: string[], options: RunOptions): Promise<number> {
  const unknownMode = options.mode?.find((mode) => !MODES.includes(mode));
  if (unknownMode) {
    console.error(`keen-harness run: unknown mode "${unknownMode}": use device or cloud`);
    return 2;
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    [FILTER_ENV.paths]: JSON.stringify(paths),
    ...(options.mode ? { [FILTER_ENV.modes]: JSON.stringify(options.mode) } : {}),
    ...(options.grep ? { [FILTER_ENV.ids]: JSON.stringify(options.grep) } : {}),
  };

  let selected = 0;
  let needsBrowser = false;
  try {
    const filter = readRunFilter(env);
    const report = await validateScenarioFiles(paths);
    printProblems(report);
    if (report.errorCount > 0) {
      console.error(
        `keen-harness run: ${report.errorCount} error(s) in the scenarios; nothing was run`,
      );
      return 2;
    }
    for (const { scenario } of report.scenarios) {
      for (const mode of scenario.modes) {
        if (!filter.accepts(scenario, mode)) continue;
        selected++;
        needsBrowser ||= mode === 'device';
      }
    }
  } catch (error) {
    console.error(`keen-harness run: ${(error as Error).message}`);
    return 2;
  }
  if (selected === 0) {
    console.error('keen-harness run: no scenario matches the given paths, modes and patterns');
    return 2;
  }

  if (needsBrowser) {
    try {
      env.KEEN_HARNESS_CHROMIUM = ensureChromium();
    } catch (error) {
      if (error instanceof BrowserProvisioningError) {
        console.error(`keen-harness run: ${error.message}`);
        return 2;
      }
      throw error;
    }
  }

  const args = [
    require.resolve('@playwright/test/cli'),
    'test',
    '--config',
    `${root}playwright.config.ts`,
    '--project',
    'conformance',
    '--reporter',
    options.jsonReport ? 'list,junit,json' : 'list,junit',
  ];
  if (options.jsonReport) env.PLAYWRIGHT_JSON_OUTPUT_FILE = options.jsonReport;
  if (options.outputDir) args.push('--output', options.outputDir);
  if (options.workers !== undefined) args.push('--workers', String(options.workers));
  if (options.shard) args.push('--shard', options.shard);
  env.PLAYWRIGHT_JUNIT_OUTPUT_NAME = options.junit;

  console.log(`Running ${selected} scenario run(s); JUnit report: ${options.junit}`);
  return await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, args, { stdio: 'inherit', env });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (error) => {
      console.error(`keen-harness run: failed to start Playwright: ${error.message}`);
      resolve(2);
    });
    child.on('exit', (code) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      // Playwright exits 1 when a test failed; anything else is an infrastructure error.
      if (code === 0 || code === 1) resolve(code);
      else resolve(2);
    });
  });
}
