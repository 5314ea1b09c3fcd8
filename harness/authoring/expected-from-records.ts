import type {
  Expectation,
  ExpectedResult,
  ExpectedValue,
  ExpectedWrite,
} from '../../schemas/generated/types.js';
import type { MessageResult } from '../cloud/run.js';
import { compareWrite } from '../matching/judge.js';
import type { RecordedWrite } from '../matching/judge.js';
import { isMatcher, matchValue } from '../matching/match-value.js';
import { expectedBody, expectedStored } from './volatile-values.js';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Combines the current expected value with the one derived from a recording. A matcher the author
 * wrote is kept while the recorded value still satisfies it. An `absent` matcher is kept for a key
 * the recording lacks. Everything else takes the derived value.
 */
export function mergeExpected(
  current: ExpectedValue | undefined,
  derived: ExpectedValue,
  actual: unknown,
): ExpectedValue {
  if (current === undefined) return derived;
  if (isMatcher(current)) return matchValue(current, actual).length === 0 ? current : derived;

  if (Array.isArray(current) && Array.isArray(derived) && Array.isArray(actual)) {
    return derived.map((item, index) => mergeExpected(current[index], item, actual[index]));
  }
  if (
    isPlainObject(current) &&
    isPlainObject(derived) &&
    !isMatcher(derived) &&
    isPlainObject(actual)
  ) {
    const merged: Record<string, ExpectedValue> = {};
    for (const [key, value] of Object.entries(derived)) {
      merged[key] = mergeExpected(current[key], value, actual[key]);
    }
    for (const [key, value] of Object.entries(current)) {
      if (isMatcher(value) && value.$match === 'absent' && !(key in actual)) merged[key] = value;
    }
    return merged;
  }
  return derived;
}

/**
 * Derives the expected write for a recorded one. A current write that still matches is kept as it
 * is. Otherwise the new write pins collection, outcome, transport and body, and `stored` where the
 * current write had it or `withStored` requests it.
 */
export function expectedWrite(
  recorded: RecordedWrite,
  current: ExpectedWrite | undefined,
  given: Set<string>,
  withStored = false,
): ExpectedWrite {
  const addStored = withStored && current?.stored === undefined;
  if (current && !addStored && compareWrite(current, recorded, 0).length === 0) return current;

  const write: ExpectedWrite = { collection: recorded.collection ?? '' };
  if (recorded.outcome === 'rejected') {
    write.outcome = 'rejected';
    if (recorded.errorCode) write.errorCode = recorded.errorCode;
  }
  if (!current || current.transport !== undefined) {
    write.transport = recorded.transport as ExpectedWrite['transport'];
  }
  write.body = mergeExpected(current?.body, expectedBody(recorded.body, given), recorded.body);
  if (current?.stored !== undefined || withStored) {
    write.stored = mergeExpected(
      current?.stored,
      expectedStored(recorded.stored, recorded.body, given),
      recorded.stored ?? undefined,
    );
  }
  return write;
}

/** Keeps the fields of a message result that an expectation can pin. */
export function expectedResult(result: MessageResult): ExpectedResult {
  const expected: ExpectedResult = { outcome: result.outcome };
  if (result.reason !== undefined) expected.reason = result.reason;
  if (result.status !== undefined) expected.status = result.status;
  if (result.errorName !== undefined) expected.errorName = result.errorName;
  expected.attempts = result.attempts;
  return expected;
}

/** The recording of one mode of a scenario. */
export interface ModeRecording {
  records: RecordedWrite[];
  /** Cloud results, written only where the expectation is used by cloud mode alone. */
  results?: MessageResult[];
}

/** Derives the new content of one expectation from a recording, keeping its other fields. */
export function expectationFromRecording(
  current: Expectation | undefined,
  recording: ModeRecording,
  given: Set<string>,
  withStored = false,
): Expectation {
  const writes = recording.records.map((record, index) =>
    expectedWrite(record, current?.writes?.[index], given, withStored),
  );
  const next: Expectation = { ...current, writes };
  if (recording.results) next.results = recording.results.map(expectedResult);
  return next;
}
