import { resolve } from 'node:path';
import { test } from './fixtures.js';
import { loadScenarios } from './scenarios/load.js';
import { runScenario } from './run-scenario.js';
import { readRunFilter } from './run-filter.js';
import { ANNOTATION, isConformanceFailure } from './reporting/outcome.js';
import { findExpectedFailure, targetRuns } from './targets/definitions.js';
import { loadTargetSelection } from './targets/selection.js';

// The CLI passes its selection through the environment, because Playwright owns the command line.
const filter = readRunFilter(process.env);
const { targets } = await loadTargetSelection(process.env);
const scenarios = await loadScenarios(filter.paths.map((path) => resolve(path)));

for (const target of targets) {
  test.describe(target.name, () => {
    for (const { file, scenario } of scenarios) {
      for (const mode of scenario.modes) {
        if (!filter.accepts(scenario, mode) || !targetRuns(target, scenario, mode)) continue;
        const tags = [`@${mode}`, ...(scenario.tags ?? []).map((tag) => `@${tag}`)];
        const expectedFailure = findExpectedFailure(target, scenario, mode);

        test(
          `${scenario.id} [${mode}]`,
          { tag: tags },
          async ({ mock, browser, targets: pool }, testInfo) => {
            test.fail(expectedFailure !== undefined, expectedFailure?.reason);
            testInfo.annotations.push(
              { type: 'rule', description: `${scenario.rule}: ${scenario.source}` },
              { type: ANNOTATION.target, description: target.name },
            );
            const runnable = await pool.get(target);
            try {
              await runScenario({
                scenario,
                file,
                mode,
                mockUrl: mock.url,
                cloudDestinationUrl: runnable.cloud?.baseUrl ?? '',
                browser:
                  mode === 'device' || scenario.cloud?.client === 'analytics-next'
                    ? browser
                    : undefined,
                testInfo,
                target: runnable,
              });
            } catch (error) {
              if (isConformanceFailure(error)) {
                testInfo.annotations.push({ type: ANNOTATION.nonconformance });
              }
              // The list reporter prints test output at once, so a failure shows while the run goes on.
              if (!expectedFailure) console.error(`[${target.name}] ${(error as Error).message}`);
              throw error;
            }
          },
        );
      }
    }
  });
}
