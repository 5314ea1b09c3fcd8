import { readFile } from 'node:fs/promises';
import type { JSONReport, JSONReportSuite, JSONReportTest } from '@playwright/test/reporter';
import { ANNOTATION } from './outcome.js';

/**
 * The gate's verdict on one scenario, mode and target:
 * - `passed`: the target conforms;
 * - `failed`: the target does not conform;
 * - `expected-failure`: it does not conform, as its expected-failure list states;
 * - `unexpected-pass`: it is listed as an expected failure but conforms, so the list is stale;
 * - `error`: the run could not judge the target (it did not start, a server could not bind…);
 * - `skipped`: Playwright did not run the test, for example after `--max-failures`.
 */
export type GateStatus =
  'passed' | 'failed' | 'expected-failure' | 'unexpected-pass' | 'error' | 'skipped';

export interface GateResult {
  target: string;
  scenario: string;
  mode: string;
  status: GateStatus;
  /** The expected-failure reason, for `expected-failure` and `unexpected-pass`. */
  reason?: string;
  /** The first error message of the last attempt, for `failed` and `error`. */
  message?: string;
}

/** The gate's reading of one Playwright JSON report. */
export interface GateReport {
  results: GateResult[];
  /** Errors outside any test, such as a spec file that failed to load. */
  globalErrors: string[];
}

const TITLE = /^(.*) \[(device|cloud)\]$/;

/** Reads a Playwright JSON report written by a conformance run. */
export async function readGateReport(file: string): Promise<GateReport> {
  const report = JSON.parse(await readFile(file, 'utf8')) as JSONReport;
  return parseGateReport(report);
}

/** Turns a Playwright JSON report into one gate result per scenario, mode and target. */
export function parseGateReport(report: JSONReport): GateReport {
  const results: GateResult[] = [];
  const visit = (suite: JSONReportSuite, describe: string | undefined) => {
    for (const spec of suite.specs) {
      const title = TITLE.exec(spec.title);
      if (!title) continue;
      for (const test of spec.tests) {
        results.push(classify(test, title[1], title[2], describe ?? 'reference'));
      }
    }
    for (const child of suite.suites ?? []) visit(child, child.title);
  };
  for (const suite of report.suites) visit(suite, undefined);

  const globalErrors = report.errors.map((error) => error.message ?? String(error.value ?? ''));
  return { results, globalErrors };
}

function classify(
  test: JSONReportTest,
  scenario: string,
  mode: string,
  target: string,
): GateResult {
  const last = test.results.at(-1);
  const annotations = [...test.annotations, ...(last?.annotations ?? [])];
  const expectedFailure = annotations.find((note) => note.type === ANNOTATION.expectedFailure);
  const nonconformance = annotations.some((note) => note.type === ANNOTATION.nonconformance);
  const message = last?.errors[0]?.message ?? last?.error?.message;
  const base = { target, scenario, mode };
  const reason = expectedFailure?.description ?? '';

  if (test.status === 'skipped' || !last) return { ...base, status: 'skipped' };
  if (last.status === 'passed') {
    return expectedFailure
      ? { ...base, status: 'unexpected-pass', reason }
      : { ...base, status: 'passed' };
  }
  if (!nonconformance) return { ...base, status: 'error', message };
  return expectedFailure
    ? { ...base, status: 'expected-failure', reason }
    : { ...base, status: 'failed', message };
}

/** Counts results per status. */
export function countByStatus(results: readonly GateResult[]): Record<GateStatus, number> {
  const counts: Record<GateStatus, number> = {
    passed: 0,
    failed: 0,
    'expected-failure': 0,
    'unexpected-pass': 0,
    error: 0,
    skipped: 0,
  };
  for (const result of results) counts[result.status] += 1;
  return counts;
}
