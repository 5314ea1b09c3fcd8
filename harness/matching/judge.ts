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
  return `#${record.seq} ${JSON.stringify(record.collection)} (${record.transport}, ${verdict}) body ${show(record.body)}`;
}

/**
 * Judges a run: the recorded writes must match the expected writes one to one, in order. A missing
 * write is reported with the nearest recorded write, and an unexpected one with its body.
 */
export function judgeWrites(expected: ExpectedWrite[], records: RecordedWrite[]): Verdict {
  const differences: Difference[] = [];
  const lines: string[] = [];
  const common = Math.min(expected.length, records.length);

  for (let index = 0; index < common; index++) {
    differences.push(...compareWrite(expected[index], records[index], index));
  }
  for (let index = common; index < expected.length; index++) {
    const want = expected[index];
    differences.push({
      pointer: `/writes/${index}`,
      expected: want,
      actual: undefined,
      message: 'was not sent',
    });
    const nearest = nearestWrite(want, records);
    lines.push(
      `  missing write ${index} ${JSON.stringify(want.collection)}; nearest recorded write: ${nearest ? summarize(nearest) : '(none)'}`,
    );
  }
  for (let index = common; index < records.length; index++) {
    differences.push({
      pointer: `/writes/${index}`,
      expected: undefined,
      actual: records[index].body,
      message: 'was sent but not expected',
    });
    lines.push(`  unexpected write ${index}: ${summarize(records[index])}`);
  }

  const report = [
    ...differences.map(
      (difference) =>
        `  ${difference.pointer}: ${difference.message}\n      expected: ${show(difference.expected)}\n      actual:   ${show(difference.actual)}`,
    ),
    ...lines,
  ];
  if (expected.length !== records.length) {
    report.unshift(`  expected ${expected.length} write(s), recorded ${records.length}`);
  }
  return { passed: differences.length === 0, differences, report: report.join('\n') };
}
