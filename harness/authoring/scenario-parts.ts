import type { Expectation, Mode, Scenario, SegmentCall } from '../../schemas/generated/types.js';

/** The expectation one mode of a scenario is judged by, and where it sits in the file. */
export interface ModeExpectation {
  mode: Mode;
  expectation: Expectation;
  pointer: string;
}

/**
 * Returns the expectation a mode is judged by: its own, else expect.shared. This is the rule of
 * `expectationFor` in run-scenario.ts, kept here so that validating never loads the runners.
 */
export function expectationOf(scenario: Scenario, mode: Mode): ModeExpectation | undefined {
  const own = scenario.expect[mode];
  if (own) return { mode, expectation: own, pointer: `/expect/${mode}` };
  const shared = scenario.expect.shared;
  return shared ? { mode, expectation: shared, pointer: '/expect/shared' } : undefined;
}

/** Lists the expectation of every mode the scenario runs; a mode without one is left out. */
export function modeExpectations(scenario: Scenario): ModeExpectation[] {
  return scenario.modes.flatMap((mode) => expectationOf(scenario, mode) ?? []);
}

/** Lists the calls made in one mode, each with its index in the scenario's `calls`. */
export function indexedCallsForMode(
  scenario: Scenario,
  mode: Mode,
): { call: SegmentCall; index: number }[] {
  return scenario.calls
    .map((call, index) => ({ call, index }))
    .filter(({ call }) => !call.modes || call.modes.includes(mode));
}
