import { readFileSync } from 'node:fs';
import type { LoadedScenario } from '../scenarios/load.js';

/** One rule of the destination contract, keyed by its section number. */
export interface ContractRule {
  rule: string;
  title: string;
}

/** The scenarios that pin one rule, and the modes they run in. */
export interface RuleCoverage extends ContractRule {
  scenarios: string[];
  modes: string[];
}

/** Reads the list of contract rules that the catalogue must cover. */
export function readContractRules(): ContractRule[] {
  return JSON.parse(
    readFileSync(new URL('./rules.json', import.meta.url), 'utf8'),
  ) as ContractRule[];
}

/** Groups the catalogue by rule: the scenarios whose `rule` is exactly that section number. */
export function computeCoverage(
  rules: ContractRule[],
  scenarios: LoadedScenario[],
): RuleCoverage[] {
  return rules.map((rule) => {
    const matching = scenarios.filter(({ scenario }) => scenario.rule === rule.rule);
    const modes = new Set(matching.flatMap(({ scenario }) => scenario.modes));
    return {
      ...rule,
      scenarios: matching.map(({ scenario }) => scenario.id).sort(),
      modes: ['device', 'cloud'].filter((mode) => modes.has(mode as 'device' | 'cloud')),
    };
  });
}

/** Lists scenarios whose rule is not in the rule list, so a typo cannot hide a scenario. */
export function unknownRules(rules: ContractRule[], scenarios: LoadedScenario[]): string[] {
  const known = new Set(rules.map((rule) => rule.rule));
  return scenarios
    .filter(({ scenario }) => !known.has(scenario.rule))
    .map(({ scenario, file }) => `${file}: rule ${scenario.rule} is not a rule of the contract`);
}

/** Renders the coverage table as Markdown, one row per rule. */
export function renderCoverage(coverage: RuleCoverage[], total: number): string {
  const lines = [
    '# Contract coverage',
    '',
    'Generated from the scenario catalogue by `npm run coverage`; a unit test fails when it is stale',
    'or when a rule has no scenario. Rules are the sections of the Keen destination contract.',
    '',
    `${total} scenarios, ${coverage.filter((row) => row.scenarios.length > 0).length} of ${coverage.length} rules covered.`,
    '',
    '| rule | what it pins | modes | scenarios |',
    '| --- | --- | --- | --- |',
  ];
  for (const row of coverage) {
    const scenarios =
      row.scenarios.length > 0 ? row.scenarios.map((id) => `\`${id}\``).join('<br>') : '**none**';
    lines.push(`| ${row.rule} | ${row.title} | ${row.modes.join(', ') || '-'} | ${scenarios} |`);
  }
  return `${lines.join('\n')}\n`;
}
