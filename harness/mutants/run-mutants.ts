import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import type { Browser, TestInfo } from '@playwright/test';
import { startMockKeen } from '../../mock-keen/index.js';
import { chromiumLaunchOptions } from '../browser/launch-options.js';
import { isConformanceFailure } from '../reporting/outcome.js';
import { runScenario } from '../run-scenario.js';
import { loadScenarios } from '../scenarios/load.js';
import type { LoadedScenario } from '../scenarios/load.js';
import { allTargets, targetRuns } from '../targets/definitions.js';
import { TargetPool } from '../targets/runtime.js';
import type { Mutant } from './catalogue.js';

/** The outcome of the catalogue against one mutant. */
export interface MutantVerdict {
  mutant: Mutant;
  /** Scenario runs that failed the mutant, as `id [mode]`. */
  caughtBy: string[];
  /** Scenario runs that could not judge it, with the error. */
  errors: string[];
  /** Scenario runs made. */
  runs: number;
}

export interface MutantRunOptions {
  mutants: readonly Mutant[];
  scenarioPaths?: string[];
  /** Stop a mutant's runs at its first failing scenario; the test of the catalogue needs only one. */
  stopAtFirstCatch?: boolean;
  onVerdict?: (verdict: MutantVerdict) => void;
}

/** Folder for the run bundles of mutant runs. */
const OUTPUT_DIR = resolve('test-results', 'mutants');

/**
 * The part of Playwright's TestInfo that runScenario uses. Mutant runs happen outside a Playwright
 * test, so attachments are dropped and run bundles go under OUTPUT_DIR.
 */
function detachedTestInfo(mutant: Mutant, runs: number): TestInfo {
  const outputDir = join(OUTPUT_DIR, `${mutant.id}-${runs}`);
  return { workerIndex: 0, retry: 0, outputDir, attach: async () => {} } as unknown as TestInfo;
}

/**
 * Runs each mutant against the scenarios of its area, in this process and one after another: a
 * failing scenario costs no Playwright worker restart, which keeps a full pass short.
 */
export async function runMutants(options: MutantRunOptions): Promise<MutantVerdict[]> {
  const scenarios = await loadScenarios(
    (options.scenarioPaths ?? ['scenarios']).map((p) => resolve(p)),
  );
  const targets = allTargets({ targets: [] }, null);
  const mock = await startMockKeen({ log: () => {} });
  const pool = new TargetPool();
  let browser: Browser | undefined;
  const verdicts: MutantVerdict[] = [];
  try {
    for (const mutant of options.mutants) {
      const target = targets.find((candidate) => candidate.mutant === mutant);
      if (!target) throw new Error(`mutant ${mutant.id} is not in the built-in targets`);
      const runnable = await pool.get(target);
      const verdict: MutantVerdict = { mutant, caughtBy: [], errors: [], runs: 0 };

      for (const { file, scenario } of scenarios) {
        if (options.stopAtFirstCatch && verdict.caughtBy.length > 0) break;
        for (const mode of scenario.modes) {
          if (!targetRuns(target, scenario, mode)) continue;
          const needsBrowser = mode === 'device' || scenario.cloud?.client === 'analytics-next';
          if (needsBrowser) browser ??= await chromium.launch(chromiumLaunchOptions());
          verdict.runs += 1;
          await judgeRun({ file, scenario }, mode, verdict, async () => {
            await runScenario({
              scenario,
              file,
              mode,
              mockUrl: mock.url,
              cloudDestinationUrl: runnable.cloud?.baseUrl ?? '',
              browser: needsBrowser ? browser : undefined,
              testInfo: detachedTestInfo(mutant, verdict.runs),
              target: runnable,
            });
          });
        }
      }
      verdicts.push(verdict);
      options.onVerdict?.(verdict);
    }
  } finally {
    await browser?.close();
    await pool.close();
    await mock.close();
  }
  return verdicts;
}

async function judgeRun(
  { scenario }: LoadedScenario,
  mode: string,
  verdict: MutantVerdict,
  run: () => Promise<void>,
): Promise<void> {
  const name = `${scenario.id} [${mode}]`;
  try {
    await run();
  } catch (error) {
    if (isConformanceFailure(error)) verdict.caughtBy.push(name);
    else verdict.errors.push(`${name}: ${(error as Error).message.split('\n')[0]}`);
  }
}
