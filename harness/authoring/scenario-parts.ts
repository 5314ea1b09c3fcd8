import type { Expectation, Mode, Scenario, SegmentCall } from '../../schemas/generated/types.js';
import { expectationFor } from '../run-scenario.js';

/** The expectation one mode of a scenario is judged by, and where it sits in the file. */
export interface ModeExpectation {
  mode: Mode;
  expectation: Expectation;
  pointer: string;
}

/** Lists the expectation of every mode the scenario runs; a mode without one is left out. */
export function modeExpectations(scenario: Scenario): ModeExpectation[] {
  const found: ModeExpectation[] = [];
  for (const mode of scenario.modes) {
    if (!scenario.expect[mode] && !scenario.expect.shared) continue;
    found.push({ mode, ...expectationFor(scenario, mode) });
  }
  return found;
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
