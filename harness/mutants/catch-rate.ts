import { EXIT_CODE } from '../reporting/summary.js';
import type { MutantVerdict } from './run-mutants.js';

/** Formats one mutant's line: its id, mode and the scenarios that caught it. */
export function formatVerdict(verdict: MutantVerdict, width: number): string {
  const { mutant, caughtBy, errors, runs } = verdict;
  let outcome =
    caughtBy.length > 0 ? `caught by ${caughtBy.join(', ')}` : `NOT CAUGHT in ${runs} run(s)`;
  if (errors.length > 0) outcome += `; errors: ${errors.join('; ')}`;
  return `${mutant.id.padEnd(width)}  ${mutant.mode.padEnd(6)}  ${outcome}`;
}

/**
 * Writes the catch rate and returns the exit code: 0 when every mutant was caught, 1 when one
 * escaped, 2 when a run could not judge its mutant or a mutant's area had no scenario.
 */
export function summarizeCatchRate(
  verdicts: readonly MutantVerdict[],
  write: (line: string) => void,
): number {
  const caught = verdicts.filter((verdict) => verdict.caughtBy.length > 0).length;
  write(`Catch rate: ${caught}/${verdicts.length} mutants caught`);
  if (verdicts.some((verdict) => verdict.errors.length > 0 || verdict.runs === 0)) {
    return EXIT_CODE.error;
  }
  return caught === verdicts.length ? EXIT_CODE.passed : EXIT_CODE.failed;
}
