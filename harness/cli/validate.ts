import { formatAuthoringProblem } from '../authoring/finding.js';
import { validateScenarioFiles } from '../authoring/validate-scenarios.js';
import type { ValidationReport } from '../authoring/validate-scenarios.js';

/** Prints each problem of a report to stderr, errors and warnings alike. */
export function printProblems(report: ValidationReport): void {
  for (const problem of report.problems) console.error(formatAuthoringProblem(problem));
}

/**
 * Checks scenario files without running them. Returns the exit code: 0 when no error was found
 * (warnings allowed), 1 when errors were found, 2 when a path does not exist or contains no scenario.
 */
export async function validateCommand(paths: string[]): Promise<number> {
  let report: ValidationReport;
  try {
    report = await validateScenarioFiles(paths);
  } catch (error) {
    console.error(`keen-harness validate: ${(error as Error).message}`);
    return 2;
  }
  if (report.files.length === 0) {
    console.error(`keen-harness validate: no scenario file (*.json) under ${paths.join(', ')}`);
    return 2;
  }

  printProblems(report);
  const warningCount = report.problems.length - report.errorCount;
  const summary = `${report.files.length} scenario file(s) checked: ${report.errorCount} error(s), ${warningCount} warning(s)`;
  if (report.errorCount > 0) {
    console.error(summary);
    return 1;
  }
  console.log(summary);
  return 0;
}
