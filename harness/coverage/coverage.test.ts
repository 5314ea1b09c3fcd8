import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadScenarios } from '../scenarios/load.js';
import { computeCoverage, readContractRules, unknownRules } from './coverage.js';
import { renderCatalogueCoverage } from './write-coverage.js';

describe('contract coverage', () => {
  it('has a scenario for every rule', async () => {
    const coverage = computeCoverage(readContractRules(), await loadScenarios(['scenarios']));
    const uncovered = coverage.filter((row) => row.scenarios.length === 0).map((row) => row.rule);
    expect(uncovered, 'rules without a scenario').toEqual([]);
  });

  it('names only rules of the contract', async () => {
    expect(unknownRules(readContractRules(), await loadScenarios(['scenarios']))).toEqual([]);
  });

  it('matches docs/coverage.md (run npm run coverage when this fails)', async () => {
    const checkedIn = await readFile('docs/coverage.md', 'utf8');
    expect(checkedIn).toBe(await renderCatalogueCoverage());
  });
});
