import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { parseTree } from 'jsonc-parser';
import type { Scenario } from '../../schemas/generated/types.js';
import { ScenarioLoadError, findScenarioFiles, locate, parseScenario } from '../scenarios/load.js';
import type { LoadedScenario } from '../scenarios/load.js';
import { checkMatchers } from './check-matchers.js';
import { explainMatcherErrors } from './matcher-shape.js';
import { checkModes } from './check-modes.js';
import { checkSettingNames, checkSettingsOutcome } from './check-settings.js';
import { Findings } from './finding.js';
import type { AuthoringProblem, Finding } from './finding.js';
import { TEMPLATE_PLACEHOLDER } from './scaffold.js';

/** The outcome of validating a set of scenario files. */
export interface ValidationReport {
  files: string[];
  /** Scenarios that passed the schema, whether or not the semantic checks found errors. */
  scenarios: LoadedScenario[];
  problems: AuthoringProblem[];
  errorCount: number;
}

/**
 * Runs the semantic checks on one scenario that already passed the schema: settings, matchers,
 * modes and reachability of each expectation.
 */
export function checkScenario(scenario: Scenario): Finding[] {
  const findings = new Findings();
  checkSettingNames(scenario, findings);
  checkSettingsOutcome(scenario, findings);
  checkMatchers(scenario, findings);
  checkModes(scenario, findings);
  for (const field of ['title', 'source'] as const) {
    if (scenario[field].startsWith(TEMPLATE_PLACEHOLDER)) {
      findings.warning(
        `/${field}`,
        `still holds the template's placeholder`,
        field === 'title'
          ? 'write one sentence that states the behaviour'
          : 'name the public source of the rule: a documentation page, or a repository, path and commit',
      );
    }
  }
  return findings.list;
}

/** Turns the schema problems of a file into authoring problems, explaining malformed matchers. */
function explainSchemaProblems(text: string, error: ScenarioLoadError): AuthoringProblem[] {
  const tree = parseTree(text);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return error.problems.map((problem) => ({ ...problem, severity: 'error' }));
  }
  return explainMatcherErrors(data, error.problems, (pointer) => locate(text, tree, pointer));
}

function displayPath(absolute: string, cwd: string): string {
  const fromCwd = relative(cwd, absolute);
  return fromCwd && !fromCwd.startsWith('..') ? fromCwd : absolute;
}

/**
 * Validates every scenario file under the given paths: the schema and version, the semantic
 * checks, and ids unique across the files. Throws only when a path does not exist.
 */
export async function validateScenarioFiles(
  paths: string[],
  cwd = process.cwd(),
): Promise<ValidationReport> {
  const absoluteFiles = await findScenarioFiles(paths);
  const report: ValidationReport = { files: [], scenarios: [], problems: [], errorCount: 0 };
  const idToFile = new Map<string, string>();

  for (const absolute of absoluteFiles) {
    const file = displayPath(absolute, cwd);
    report.files.push(file);
    const text = await readFile(absolute, 'utf8');
    let loaded: LoadedScenario;
    try {
      loaded = parseScenario(file, text);
    } catch (error) {
      if (!(error instanceof ScenarioLoadError)) throw error;
      report.problems.push(...explainSchemaProblems(text, error));
      continue;
    }
    report.scenarios.push(loaded);

    const findings = checkScenario(loaded.scenario);
    const clash = idToFile.get(loaded.scenario.id);
    if (clash) {
      findings.push({
        pointer: '/id',
        message: `duplicates the id "${loaded.scenario.id}" of ${clash}`,
        hint: 'give each scenario its own id, by convention its path under scenarios/ without .json',
        severity: 'error',
      });
    } else {
      idToFile.set(loaded.scenario.id, file);
    }
    const tree = parseTree(text);
    for (const finding of findings) {
      report.problems.push({ file, ...locate(text, tree, finding.pointer), ...finding });
    }
  }
  report.errorCount = report.problems.filter((problem) => problem.severity === 'error').length;
  return report;
}
