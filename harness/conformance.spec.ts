import { resolve } from 'node:path';
import { test } from './fixtures.js';
import { loadScenarios } from './scenarios/load.js';
import { runScenario } from './run-scenario.js';
import { readRunFilter } from './run-filter.js';

// The CLI passes its selection through the environment, because Playwright owns the command line.
const filter = readRunFilter(process.env);
const scenarios = await loadScenarios(filter.paths.map((path) => resolve(path)));

for (const { file, scenario } of scenarios) {
  for (const mode of scenario.modes) {
    if (!filter.accepts(scenario, mode)) continue;
    const tags = [`@${mode}`, ...(scenario.tags ?? []).map((tag) => `@${tag}`)];

    test(
      `${scenario.id} [${mode}]`,
      { tag: tags },
      async ({ mock, cloudDestination, browser }, testInfo) => {
        testInfo.annotations.push({
          type: 'rule',
          description: `${scenario.rule}: ${scenario.source}`,
        });
        await runScenario({
          scenario,
          file,
          mode,
          mockUrl: mock.url,
          cloudDestinationUrl: cloudDestination.url,
          browser:
            mode === 'device' || scenario.cloud?.client === 'analytics-next' ? browser : undefined,
          testInfo,
        });
      },
    );
  }
}
