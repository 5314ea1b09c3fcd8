import { describe, expect, it } from 'vitest';
import { judgeWrites } from './judge.js';
import type { RecordedWrite } from './judge.js';

function record(
  seq: number,
  collection: string,
  body: unknown,
  extra: Partial<RecordedWrite> = {},
): RecordedWrite {
  return {
    seq,
    collection,
    body,
    stored: null,
    transport: 'batch',
    outcome: 'accepted',
    errorCode: null,
    status: 200,
    ...extra,
  };
}

describe('judgeWrites', () => {
  it('passes matching writes', () => {
    const verdict = judgeWrites([{ collection: 'A', body: { x: 1 } }], [record(1, 'A', { x: 1 })]);
    expect(verdict.passed).toBe(true);
  });

  it('passes an empty expectation with no records', () => {
    expect(judgeWrites([], []).passed).toBe(true);
  });

  it('fails an unexpected write', () => {
    const verdict = judgeWrites([], [record(1, 'Identify', { userId: 'u' })]);
    expect(verdict.passed).toBe(false);
    expect(verdict.report).toContain('unexpected write 0');
    expect(verdict.report).toContain('"Identify"');
  });

  it('names the nearest write for a missing one', () => {
    const verdict = judgeWrites(
      [{ collection: 'A' }, { collection: 'B', body: { y: 2 } }],
      [record(7, 'A', { y: 2 })],
    );
    expect(verdict.passed).toBe(false);
    expect(verdict.report).toContain('missing write 1 "B"; nearest recorded write: seq 7 "A"');
  });

  it('reports the pointer, expected and actual values', () => {
    const verdict = judgeWrites(
      [{ collection: 'A', body: { revenue: 19.99 } }],
      [record(1, 'A', { revenue: 20 })],
    );
    expect(verdict.report).toContain('/writes/0/body/revenue');
    expect(verdict.report).toContain('expected: 19.99');
    expect(verdict.report).toContain('actual:   20');
  });

  it('checks outcome and error code', () => {
    const verdict = judgeWrites(
      [{ collection: 'A', outcome: 'rejected', errorCode: 'InvalidPropertyNameError' }],
      [record(1, 'A', {})],
    );
    expect(verdict.differences.map((difference) => difference.pointer)).toEqual([
      '/writes/0/outcome',
      '/writes/0/errorCode',
    ]);
  });

  it('checks where the key was passed', () => {
    const verdict = judgeWrites(
      [{ collection: 'A', keyLocation: 'header' }],
      [record(1, 'A', {}, { keyLocation: 'query' })],
    );
    expect(verdict.differences.map((difference) => difference.pointer)).toEqual([
      '/writes/0/keyLocation',
    ]);
  });

  it('aligns an extra leading write', () => {
    const verdict = judgeWrites(
      [{ collection: 'Viewed Docs Page', body: { x: 1 } }],
      [record(1, 'Loaded a Page', { x: 1 }), record(2, 'Viewed Docs Page', { x: 1 })],
    );
    expect(verdict.differences).toHaveLength(1);
    expect(verdict.report).toContain('unexpected write 0: seq 1 "Loaded a Page"');
  });

  it('aligns a missing middle write', () => {
    const verdict = judgeWrites(
      [{ collection: 'A' }, { collection: 'B' }, { collection: 'C' }],
      [record(1, 'A', {}), record(2, 'C', {})],
    );
    expect(verdict.differences.map((difference) => difference.pointer)).toEqual(['/writes/1']);
  });

  it('checks the order of writes', () => {
    const verdict = judgeWrites(
      [{ collection: 'A' }, { collection: 'B' }],
      [record(1, 'B', {}), record(2, 'A', {})],
    );
    expect(verdict.passed).toBe(false);
  });
});
