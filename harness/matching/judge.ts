import type { ExpectedWrite } from '../../schemas/generated/types.js';
import { matchValue } from './match-value.js';
import type { Difference } from './match-value.js';

/** The fields of a mock journal record that expectations are compared with. */
export interface RecordedWrite {
  seq: number;
  collection: string | null;
  body: unknown;
  stored: Record<string, unknown> | null;
  transport: string;
  keyLocation?: 'header' | 'query' | null;
  outcome: 'accepted' | 'rejected';
  errorCode: string | null;
  status: number;
}

/** The result of comparing a run's recorded writes with its expected writes. */
export interface Verdict {
  passed: boolean;
  differences: Difference[];
  /** A readable report: each difference with expected and actual values, then the context. */
  report: string;
}

/** Compares one recorded write with one expected write; pointers start at `/writes/{index}`. */
export function compareWrite(
  expected: ExpectedWrite,
  recorded: RecordedWrite,
  index: number,
): Difference[] {
  const base = `/writes/${index}`;
  const differences: Difference[] = [];
  const field = (name: string, want: unknown, got: unknown) => {
    if (want !== undefined && want !== got) {
      differences.push({
        pointer: `${base}/${name}`,
        expected: want,
        actual: got,
        message: 'differs',
      });
    }
  };

  field('collection', expected.collection, recorded.collection);
  field('outcome', expected.outcome ?? 'accepted', recorded.outcome);
  field('errorCode', expected.errorCode, recorded.errorCode);
  field('transport', expected.transport, recorded.transport);
  field('keyLocation', expected.keyLocation, recorded.keyLocation);
  if (expected.body !== undefined) {
    differences.push(...matchValue(expected.body, recorded.body, `${base}/body`));
  }
  if (expected.stored !== undefined) {
    differences.push(
      ...matchValue(expected.stored, recorded.stored ?? undefined, `${base}/stored`),
    );
  }
  return differences;
}

/** Finds the recorded write closest to an expected one: same collection first, then fewest differences. */
export function nearestWrite(
  expected: ExpectedWrite,
  records: RecordedWrite[],
): RecordedWrite | undefined {
  let best: { record: RecordedWrite; score: number } | undefined;
  for (const record of records) {
    const score =
      (record.collection === expected.collection ? 0 : 1000) +
      compareWrite(expected, record, 0).length;
    if (!best || score < best.score) best = { record, score };
  }
  return best?.record;
}

function show(value: unknown): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function summarize(record: RecordedWrite): string {
  const verdict =
    record.outcome === 'rejected' ? `rejected ${record.errorCode ?? ''}`.trim() : 'accepted';
  return `seq ${record.seq} ${JSON.stringify(record.collection)} (${record.transport}, ${verdict}) body ${show(record.body)}`;
}

/** One step of an alignment: an expected write, a recorded write, or a pair of both. */
interface AlignedPair {
  expectedIndex: number | null;
  recordIndex: number | null;
}

/**
 * Aligns expected and recorded writes by their collections with a longest common subsequence, so
 * one extra or missing write is reported as such instead of shifting every later comparison.
 */
export function alignWrites(expected: ExpectedWrite[], records: RecordedWrite[]): AlignedPair[] {
  const rows = expected.length;
  const columns = records.length;
  const lengths = Array.from({ length: rows + 1 }, () => new Array<number>(columns + 1).fill(0));
  for (let row = rows - 1; row >= 0; row--) {
    for (let column = columns - 1; column >= 0; column--) {
      lengths[row][column] =
        expected[row].collection === records[column].collection
          ? lengths[row + 1][column + 1] + 1
          : Math.max(lengths[row + 1][column], lengths[row][column + 1]);
    }
  }

  const pairs: AlignedPair[] = [];
  let row = 0;
  let column = 0;
  while (row < rows || column < columns) {
    if (row < rows && column < columns && expected[row].collection === records[column].collection) {
      pairs.push({ expectedIndex: row++, recordIndex: column++ });
    } else if (
      column < columns &&
      (row === rows || lengths[row][column + 1] >= lengths[row + 1][column])
    ) {
      pairs.push({ expectedIndex: null, recordIndex: column++ });
    } else {
      pairs.push({ expectedIndex: row++, recordIndex: null });
    }
  }
  return pairs;
}

/**
 * Judges a run: the recorded writes must match the expected writes one to one, in order. With as
 * many writes as expected they are compared by position; otherwise they are aligned by collection
 * first. A missing write is reported with the nearest recorded write, an unexpected one with its body.
 */
export function judgeWrites(expected: ExpectedWrite[], records: RecordedWrite[]): Verdict {
  const differences: Difference[] = [];
  const lines: string[] = [];
  const pairs: AlignedPair[] =
    expected.length === records.length
      ? expected.map((_, index) => ({ expectedIndex: index, recordIndex: index }))
      : alignWrites(expected, records);

  for (const { expectedIndex, recordIndex } of pairs) {
    if (expectedIndex !== null && recordIndex !== null) {
      differences.push(
        ...compareWrite(expected[expectedIndex], records[recordIndex], expectedIndex),
      );
      continue;
    }
    if (expectedIndex !== null) {
      const want = expected[expectedIndex];
      differences.push({
        pointer: `/writes/${expectedIndex}`,
        expected: want,
        actual: undefined,
        message: 'was not sent',
      });
      const nearest = nearestWrite(want, records);
      lines.push(
        `  missing write ${expectedIndex} ${JSON.stringify(want.collection)}; nearest recorded write: ${nearest ? summarize(nearest) : '(none)'}`,
      );
      continue;
    }
    const record = records[recordIndex as number];
    differences.push({
      pointer: '/writes',
      expected: undefined,
      actual: record.body,
      message: `recorded write ${recordIndex} (seq ${record.seq}, ${JSON.stringify(record.collection)}) was sent but not expected`,
    });
    lines.push(`  unexpected write ${recordIndex}: ${summarize(record)}`);
  }

  const report = [
    ...differences.map(
      (difference) =>
        `  ${difference.pointer}: ${difference.message}\n      expected: ${show(difference.expected)}\n      actual:   ${show(difference.actual)}`,
    ),
    ...lines,
  ];
  if (expected.length !== records.length) {
    report.unshift(
      `  expected ${expected.length} write(s), recorded ${records.length}; positions count from 0`,
    );
  }
  return { passed: differences.length === 0, differences, report: report.join('\n') };
}
