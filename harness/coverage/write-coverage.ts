import { writeFile } from 'node:fs/promises';
import { loadScenarios } from '../scenarios/load.js';
import { computeCoverage, readContractRules, renderCoverage } from './coverage.js';

/** Renders docs/coverage.md from the catalogue under scenarios/. */
export async function renderCatalogueCoverage(): Promise<string> {
  const scenarios = await loadScenarios(['scenarios']);
  return renderCoverage(computeCoverage(readContractRules(), scenarios), scenarios.length);
}

if (process.argv[1]?.endsWith('write-coverage.ts')) {
  await writeFile('docs/coverage.md', await renderCatalogueCoverage());
  console.log('wrote docs/coverage.md');
}
