import { DeviceRunError } from '../device/run.js';
import { ConformanceError } from '../run-scenario.js';

/**
 * Annotation types the conformance tests add, read back from Playwright's JSON report to tell
 * conformance failures from infrastructure errors and to list expected failures.
 */
export const ANNOTATION = {
  /** The failure is the target's: its Keen writes or results differ, or it never delivered. */
  nonconformance: 'nonconformance',
  /** Playwright's own annotation type for `test.fail()`; its description is the reason. */
  expectedFailure: 'fail',
  /** The target a test ran against. */
  target: 'target',
} as const;

/** Matches the cloud runner's error for a sentinel that the destination never delivered. */
const UNDELIVERED_SENTINEL = /sentinel write .* did not reach Keen within/;

/**
 * True when an error shows that the target does not conform: a difference from the expectation,
 * a request the guard aborted, or a sentinel the target never delivered. Everything else, such as
 * a target that does not start or a mock that cannot bind, is an infrastructure error.
 */
export function isConformanceFailure(error: unknown): boolean {
  if (error instanceof ConformanceError || error instanceof DeviceRunError) return true;
  return error instanceof Error && UNDELIVERED_SENTINEL.test(error.message);
}
