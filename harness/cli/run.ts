import { access, constants, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { BrowserProvisioningError, ensureChromium } from '../browser/provision.js';
import { readGateReport } from '../reporting/gate-results.js';
import type { GateReport } from '../reporting/gate-results.js';
import { reportPaths, runPlaywright } from '../reporting/playwright-run.js';
import { summarizeGate } from '../reporting/summary.js';
import { checkTargetsReachable } from '../targets/reachability.js';
import { targetRuns } from '../targets/definitions.js';
import { loadTargetSelection } from '../targets/selection.js';
import { FILTER_ENV, readRunFilter } from '../run-filter.js';
import { validateScenarioFiles } from '../authoring/validate-scenarios.js';
import { printProblems } from './validate.js';

export interface RunOptions {
  mode?: string[];
  grep?: string[];
  /** Scenario tags, any of which selects a scenario (repeatable). */
  tag?: string[];
  /** Target name patterns with `*` wildcards (repeatable). */
  target?: string[];
  /** The config file; default the first keen-harness.config.{ts,js,mjs,json} in the working directory. */
  config?: string;
  workers?: number;
  /** Playwright retries of a failed test; default 0, because a retried pass hides a flaky target. */
  retries?: number;
  /** Folder of the JUnit, JSON, HTML and blob reports; default `reports`. */
  reportDir?: string;
  /** JUnit file; default `{reportDir}/junit.xml`. */
  junit?: string;
  shard?: string;
  /**
   * Receives the gate's reading of the JSON report. A returned number is the exit code and replaces
   * the gate summary; `npm run mutants` judges its run this way.
   */
  onReport?: (report: GateReport) => Promise<number | void>;
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
    ...(options.tag ? { [FILTER_ENV.tags]: JSON.stringify(options.tag) } : {}),
    ...(options.target ? { [FILTER_ENV.targets]: JSON.stringify(options.target) } : {}),
    ...(options.config ? { [FILTER_ENV.config]: options.config } : {}),
  };

  let selected = 0;
  let needsBrowser = false;
  try {
    const filter = readRunFilter(env);
    const { targets, configFile } = await loadTargetSelection(env);
    if (configFile) env[FILTER_ENV.config] = configFile;
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
        const runs = targets.filter((target) => targetRuns(target, scenario, mode)).length;
        selected += runs;
        const browserMode = mode === 'device' || scenario.cloud?.client === 'analytics-next';
        needsBrowser ||= browserMode && runs > 0;
      }
    }
    await checkTargetsReachable(targets);
  } catch (error) {
    console.error(`keen-harness run: ${(error as Error).message}`);
    return 2;
  }
  if (selected === 0) {
    console.error(
      'keen-harness run: no scenario matches the given paths, modes, patterns, tags and targets',
    );
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

  const reports = reportPaths(options.reportDir ?? 'reports', options.junit, options.jsonReport);
  const unwritable = await findUnwritableReportDir([reports.junit, reports.json]);
  if (unwritable) {
    console.error(
      `keen-harness run: cannot write reports to ${unwritable}: choose another --report-dir or --junit`,
    );
    return 2;
  }
  console.log(`Running ${selected} scenario run(s); reports in ${reports.dir}`);
  const exitCode = await runPlaywright({
    env,
    reports,
    workers: options.workers,
    retries: options.retries ?? 0,
    shard: options.shard,
    outputDir: options.outputDir,
  });
  const report = await readGateReport(reports.json).catch(() => null);
  if (!report) {
    console.error(
      `keen-harness run: Playwright exited with code ${exitCode} and wrote no report to ${reports.json}`,
    );
    return 2;
  }
  const exitCodeOfReport = await options.onReport?.(report);
  if (typeof exitCodeOfReport === 'number') return exitCodeOfReport;
  return summarizeGate(report, (line) => console.log(line));
}

/**
 * Creates a folder one level at a time. Node's recursive mkdir never settles on some virtual file
 * systems (a path under /proc, for one), so a bad --report-dir would hang the run.
 */
async function makeDirectory(dir: string): Promise<void> {
  const missing: string[] = [];
  let current = resolve(dir);
  while (!(await stat(current).catch(() => undefined))) {
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const level of missing) await mkdir(level);
}

/** Creates the folders of the report files and returns the first one that cannot be written, if any. */
async function findUnwritableReportDir(files: string[]): Promise<string | undefined> {
  for (const file of files) {
    const dir = dirname(file);
    try {
      await makeDirectory(dir);
      await access(dir, constants.W_OK);
    } catch (error) {
      return `${dir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
    }
  }
  return undefined;
}
