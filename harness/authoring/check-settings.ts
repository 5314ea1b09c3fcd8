import leven from 'leven';
import type { Scenario } from '../../schemas/generated/types.js';
import { CATALOGUE_DEFAULTS, SettingsError, fillDefaults, validateSettings } from '../settings.js';
import type { Findings } from './finding.js';
import { modeExpectations } from './scenario-parts.js';

/**
 * Setting names older stored configurations may still hold. Destinations ignore them, so a
 * scenario may set them to pin that they have no effect.
 */
export const LEGACY_SETTING_NAMES = [
  'pageview',
  'sendPage',
  'sendScreen',
  'apiKey',
  'projectToken',
  'datetimeAddon',
];

const KNOWN_SETTING_NAMES = Object.keys(CATALOGUE_DEFAULTS);

/** Returns the catalogue setting name closest to a misspelt one, or undefined when none is close. */
export function closestSettingName(name: string): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const known of KNOWN_SETTING_NAMES) {
    const distance = leven(name.toLowerCase(), known.toLowerCase());
    if (!best || distance < best.distance) best = { name: known, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(name.length / 3)) ? best.name : undefined;
}

function unknownSettingHint(name: string): string {
  const closest = closestSettingName(name);
  if (closest) return `did you mean "${closest}"?`;
  return `the catalogue's settings are ${KNOWN_SETTING_NAMES.join(', ')}`;
}

/** Reports setting names outside the catalogue, which every destination would silently ignore. */
export function checkSettingNames(scenario: Scenario, findings: Findings): void {
  for (const name of Object.keys(scenario.settings ?? {})) {
    if (KNOWN_SETTING_NAMES.includes(name) || LEGACY_SETTING_NAMES.includes(name)) continue;
    findings.error(
      `/settings/${name}`,
      `unknown setting "${name}": destinations ignore it`,
      unknownSettingHint(name),
    );
  }
}

/** Returns the problems of the filled settings, or an empty list when they are valid. */
function settingsProblems(scenario: Scenario): string[] {
  try {
    validateSettings(fillDefaults(scenario.settings));
    return [];
  } catch (error) {
    if (error instanceof SettingsError) return error.problems;
    throw error;
  }
}

/**
 * Checks that each mode's `settingsError` agrees with what the harness will decide about the
 * settings, since both outcomes are known before any run.
 */
export function checkSettingsOutcome(scenario: Scenario, findings: Findings): void {
  const problems = settingsProblems(scenario);
  const seen = new Set<string>();

  for (const { expectation, pointer, mode } of modeExpectations(scenario)) {
    if (seen.has(pointer)) continue;
    seen.add(pointer);
    const expected = expectation.settingsError;

    if (scenario.checkSettings === false) {
      if (expected) {
        findings.error(
          `${pointer}/settingsError`,
          'is never checked, because checkSettings is false and the harness then hands the settings over unchecked',
          'remove settingsError, or remove "checkSettings": false',
        );
      }
      continue;
    }
    if (!expected) {
      if (problems.length > 0) {
        findings.error(
          '/settings',
          `are invalid (${problems.join('; ')}), so the ${mode} run fails as a configuration error`,
          `fix the settings, or pin the rejection with ${pointer}/settingsError: [${problemNames(problems)}]`,
        );
      }
      continue;
    }
    checkExpectedSettingsError(expected, problems, `${pointer}/settingsError`, findings);
    if (expectation.writes && expectation.writes.length > 0) {
      findings.error(
        `${pointer}/writes`,
        'can never be recorded: with settingsError no destination starts, so nothing is sent',
        'use "writes": [] or leave writes out',
      );
    }
    if (expectation.results && expectation.results.length > 0) {
      findings.error(
        `${pointer}/results`,
        'can never be reported: with settingsError no destination starts',
        'remove results',
      );
    }
  }
}

function checkExpectedSettingsError(
  expected: string[],
  problems: string[],
  pointer: string,
  findings: Findings,
): void {
  if (problems.length === 0) {
    findings.error(
      pointer,
      'expects the settings to be rejected, but the filled settings pass the catalogue checks',
      'make a setting invalid (for example a projectId that is not 24 characters), or remove settingsError',
    );
    return;
  }
  expected.forEach((name, index) => {
    if (!KNOWN_SETTING_NAMES.includes(name)) {
      findings.error(
        `${pointer}/${index}`,
        `"${name}" is not a catalogue setting`,
        unknownSettingHint(name),
      );
    } else if (!problems.some((problem) => problem.startsWith(name))) {
      findings.error(
        `${pointer}/${index}`,
        `"${name}" is valid, so the harness will not name it (it rejects: ${problems.join('; ')})`,
        `list the settings that are rejected: ${problemNames(problems)}`,
      );
    }
  });
}

function problemNames(problems: string[]): string {
  return [...new Set(problems.map((problem) => JSON.stringify(problem.split(' ')[0])))].join(', ');
}
