import { countByStatus } from './gate-results.js';
import type { GateReport, GateResult } from './gate-results.js';

/** Exit codes of the gate: 0 conforms, 1 conformance failures, 2 usage or infrastructure errors. */
export const EXIT_CODE = { passed: 0, failed: 1, error: 2 } as const;

function name(result: GateResult): string {
  return `${result.target} › ${result.scenario} [${result.mode}]`;
}

/** Shortens an error to its first line and first detail line (a conformance error's first difference). */
function firstLine(text: string | undefined): string {
  const lines = (text ?? '(no message)').split('\n').map((line) => line.trim());
  const detail = lines[1] && !lines[1].startsWith('at ') ? ` ${lines[1]}` : '';
  return `${lines[0]}${detail}`.slice(0, 400);
}

/**
 * Writes the gate summary after the Playwright run and returns the exit code. Infrastructure
 * errors win over conformance failures, because they leave conformance unknown.
 */
export function summarizeGate(report: GateReport, write: (line: string) => void): number {
  const counts = countByStatus(report.results);
  write(
    `Gate: ${counts.passed} passed, ${counts.failed} failed, ${counts['expected-failure']} expected ` +
      `failure(s), ${counts['unexpected-pass']} unexpected pass(es), ${counts.error} error(s)` +
      (counts.skipped > 0 ? `, ${counts.skipped} skipped` : ''),
  );

  const list = (
    status: GateResult['status'],
    heading: string,
    detail: (r: GateResult) => string,
  ) => {
    const matching = report.results.filter((result) => result.status === status);
    if (matching.length === 0) return;
    write(heading);
    for (const result of matching) write(`  ${name(result)}: ${detail(result)}`);
  };
  list(
    'expected-failure',
    'Expected failures (listed in the target config):',
    (r) => r.reason ?? '',
  );
  list(
    'unexpected-pass',
    'Unexpected passes (the target now conforms: remove these from its expectedFailures):',
    (r) => r.reason ?? '',
  );
  list('failed', 'Conformance failures:', (r) => firstLine(r.message));
  list('error', 'Infrastructure errors (conformance unknown):', (r) => firstLine(r.message));
  for (const error of report.globalErrors) write(`Error outside any test: ${firstLine(error)}`);

  if (counts.error > 0 || report.globalErrors.length > 0) {
    write('keen-harness: infrastructure errors, so the gate cannot decide (exit 2)');
    return EXIT_CODE.error;
  }
  if (report.results.length === 0) {
    write('keen-harness: the run reported no scenario results (exit 2)');
    return EXIT_CODE.error;
  }
  if (counts.failed > 0 || counts['unexpected-pass'] > 0) {
    write('keen-harness: the target does not conform (exit 1)');
    return EXIT_CODE.failed;
  }
  return EXIT_CODE.passed;
}
