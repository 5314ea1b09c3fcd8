import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { BrowserProvisioningError, ensureChromium } from '../browser/provision.js';
import { FILTER_ENV, readRunFilter } from '../run-filter.js';
import { ScenarioLoadError, loadScenarios } from '../scenarios/load.js';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../../', import.meta.url));

export interface RunOptions {
  mode?: string[];
  grep?: string[];
  workers?: number;
  junit: string;
  shard?: string;
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
    for (const { scenario } of await loadScenarios(paths)) {
      for (const mode of scenario.modes) {
        if (!filter.accepts(scenario, mode)) continue;
        selected++;
        needsBrowser ||= mode === 'device';
      }
    }
  } catch (error) {
    if (error instanceof ScenarioLoadError) {
      console.error(`keen-harness run: invalid scenarios:\n${error.message}`);
      return 2;
    }
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
    'list,junit',
  ];
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
      resolve(code === 0 ? 0 : code === 1 ? 1 : 2);
    });
  });
}
