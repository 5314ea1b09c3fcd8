import type { ScenarioProblem } from '../scenarios/load.js';

/** A mistake a check found in one scenario, located by JSON pointer within the scenario. */
export interface Finding {
  pointer: string;
  message: string;
  /** What to write instead. */
  hint?: string;
  /** Errors fail `validate` and stop `run`; warnings are printed only. */
  severity: 'error' | 'warning';
}

/** A finding located in a file by line and column. */
export type AuthoringProblem = ScenarioProblem & Pick<Finding, 'hint' | 'severity'>;

/** Collects findings; the checks call `error` and `warning` with a pointer, a message and a hint. */
export class Findings {
  readonly list: Finding[] = [];

  error(pointer: string, message: string, hint?: string): void {
    this.list.push({ pointer, message, hint, severity: 'error' });
  }

  warning(pointer: string, message: string, hint?: string): void {
    this.list.push({ pointer, message, hint, severity: 'warning' });
  }
}

/**
 * Formats a problem as `file:line:column: /pointer message`, the form editors and CI link to, with
 * the hint on an indented line below.
 */
export function formatAuthoringProblem(problem: AuthoringProblem): string {
  const where = problem.pointer === '' ? '(root)' : problem.pointer;
  const level = problem.severity === 'warning' ? 'warning: ' : '';
  const line = `${problem.file}:${problem.line}:${problem.column}: ${level}${where} ${problem.message}`;
  return problem.hint ? `${line}\n    hint: ${problem.hint}` : line;
}
