import type { JSONPath } from 'jsonc-parser';
import type { Expectation, Mode, Scenario } from '../../schemas/generated/types.js';
import { expectationFromRecording } from './expected-from-records.js';
import { formatScenarioJson, setJsonValues } from './json-text.js';
import type { RecordedRun } from './recorded-runs.js';
import { expectationOf } from './scenario-parts.js';
import { givenStrings } from './volatile-values.js';

/** The new text of one scenario file, and what happened to each of its runs. */
export interface FileUpdate {
  before: string;
  after: string;
  notes: string[];
  /** True when a run recorded nothing although its expectation expects writes. */
  incomplete: boolean;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Modes that are judged by expect.shared because they have no expectation of their own. */
function sharedUsers(scenario: Scenario): Mode[] {
  return scenario.expect.shared ? scenario.modes.filter((mode) => !scenario.expect[mode]) : [];
}

/**
 * Computes the changes for expect.shared. It stays shared when every mode that uses it ran and
 * derived the same expectation. Otherwise each mode whose writes differ gets its own expectation,
 * and expect.shared is removed once no mode uses it.
 */
function sharedChanges(
  scenario: Scenario,
  derived: Map<Mode, Expectation>,
  notes: string[],
): [JSONPath, unknown][] {
  const users = sharedUsers(scenario);
  const ran = users.filter((mode) => derived.has(mode));
  if (ran.length === 0) return [];
  const candidates = ran.map((mode) => derived.get(mode) as Expectation);
  if (ran.length === users.length && candidates.every((item) => same(item, candidates[0]))) {
    return same(candidates[0], scenario.expect.shared)
      ? []
      : [[['expect', 'shared'], candidates[0]]];
  }

  const changes: [JSONPath, unknown][] = [];
  let remaining = users.length;
  for (const mode of ran) {
    const next = derived.get(mode) as Expectation;
    if (same(next, scenario.expect.shared)) continue;
    changes.push([['expect', mode], next]);
    notes.push(`expect.${mode} added, because the ${mode} writes differ from expect.shared`);
    remaining--;
  }
  if (remaining === 0) {
    changes.push([['expect', 'shared'], undefined]);
    notes.push('expect.shared removed, because every mode now has its own expectation');
  }
  return changes;
}

/**
 * Rewrites the expectations of one scenario file from its recorded runs. The rest of the file keeps
 * its text; the changed values are written in the catalogue's formatting.
 */
export async function updateScenarioFile(
  file: string,
  text: string,
  scenario: Scenario,
  runs: RecordedRun[],
  options: { stored?: boolean } = {},
): Promise<FileUpdate> {
  const given = givenStrings(scenario);
  const notes: string[] = [];
  const derived = new Map<Mode, Expectation>();
  const changes: [JSONPath, unknown][] = [];
  const cloudOnlyShared = same(sharedUsers(scenario), ['cloud']);
  let incomplete = false;

  for (const run of runs) {
    const found = expectationOf(scenario, run.mode);
    if (!found) continue;
    const { expectation, pointer } = found;
    if (!run.records) {
      if (expectation.settingsError) {
        notes.push(`${run.mode}: kept, because the settings are rejected before any write`);
      } else {
        incomplete = true;
        notes.push(
          `${run.mode}: not updated, because the run recorded nothing: ${firstLine(run.errors)}`,
        );
      }
      continue;
    }
    const ownCloud = run.mode === 'cloud' && (pointer === '/expect/cloud' || cloudOnlyShared);
    const recording = { records: run.records, results: ownCloud ? run.results : undefined };
    const next = expectationFromRecording(expectation, recording, given, options.stored);
    if (pointer === '/expect/shared') derived.set(run.mode, next);
    else if (!same(next, expectation)) changes.push([['expect', run.mode], next]);
  }
  changes.push(...sharedChanges(scenario, derived, notes));

  if (changes.length === 0) return { before: text, after: text, notes, incomplete };
  const after = await formatScenarioJson(setJsonValues(text, changes), file);
  return { before: text, after, notes, incomplete };
}

function firstLine(errors: string[]): string {
  return (errors[0] ?? 'no error was reported').split('\n')[0];
}
