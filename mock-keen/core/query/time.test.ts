import { describe, expect, it } from 'vitest';

import { KeenError } from '../errors.js';
import { formatInOffset, resolveOffsetMinutes, resolveTimeframe, splitIntervals } from './time.js';

/** Wednesday 13 March 2024, 10:00 UTC: the fixed "now" of these tests. */
const NOW = Date.parse('2024-03-13T10:00:00.000Z');

function range(start: string, end: string): { start: number; end: number } {
  return { start: Date.parse(start), end: Date.parse(end) };
}

describe('relative timeframes in UTC', () => {
  const cases: Array<[string, string, string]> = [
    ['this_2_days', '2024-03-12T00:00:00Z', '2024-03-14T00:00:00Z'],
    ['previous_2_days', '2024-03-11T00:00:00Z', '2024-03-13T00:00:00Z'],
    ['this_day', '2024-03-13T00:00:00Z', '2024-03-14T00:00:00Z'],
    ['today', '2024-03-13T00:00:00Z', '2024-03-14T00:00:00Z'],
    ['yesterday', '2024-03-12T00:00:00Z', '2024-03-13T00:00:00Z'],
    ['this_week', '2024-03-11T00:00:00Z', '2024-03-18T00:00:00Z'],
    ['previous_week', '2024-03-04T00:00:00Z', '2024-03-11T00:00:00Z'],
    ['previous_month', '2024-02-01T00:00:00Z', '2024-03-01T00:00:00Z'],
    ['this_3_months', '2024-01-01T00:00:00Z', '2024-04-01T00:00:00Z'],
    ['previous_year', '2023-01-01T00:00:00Z', '2024-01-01T00:00:00Z'],
    ['this_hour', '2024-03-13T10:00:00Z', '2024-03-13T11:00:00Z'],
    ['previous_90_minutes', '2024-03-13T08:30:00Z', '2024-03-13T10:00:00Z'],
    ['this_1_minutes', '2024-03-13T10:00:00Z', '2024-03-13T10:01:00Z'],
  ];
  for (const [timeframe, start, end] of cases) {
    it(`resolves ${timeframe}`, () => {
      expect(resolveTimeframe(timeframe, 0, NOW)).toEqual(range(start, end));
    });
  }
});

describe('relative timeframes in a timezone', () => {
  it('shifts today to New York', () => {
    const offset = resolveOffsetMinutes(-18_000, NOW);

    expect(offset).toBe(-300);
    expect(resolveTimeframe('today', offset, NOW)).toEqual(
      range('2024-03-13T05:00:00Z', '2024-03-14T05:00:00Z'),
    );
  });

  it('shifts this_hour by a half-hour zone', () => {
    const offset = resolveOffsetMinutes('Asia/Kolkata', NOW);

    expect(offset).toBe(330);
    expect(resolveTimeframe('this_hour', offset, NOW)).toEqual(
      range('2024-03-13T09:30:00Z', '2024-03-13T10:30:00Z'),
    );
  });

  it('moves the day boundary east of UTC', () => {
    // 10:00 UTC is already 23:00 on the same day in Auckland (UTC+13 in March).
    const offset = resolveOffsetMinutes('Pacific/Auckland', NOW);

    expect(offset).toBe(780);
    expect(resolveTimeframe('yesterday', offset, NOW)).toEqual(
      range('2024-03-11T11:00:00Z', '2024-03-12T11:00:00Z'),
    );
  });
});

describe('timezone parameter', () => {
  it('defaults to UTC', () => {
    expect(resolveOffsetMinutes(undefined, NOW)).toBe(0);
  });

  it('reads seconds east of UTC', () => {
    expect(resolveOffsetMinutes(3600, NOW)).toBe(60);
  });

  it('reads an IANA name', () => {
    expect(resolveOffsetMinutes('Europe/Berlin', NOW)).toBe(60);
  });

  it('rejects an unknown zone', () => {
    expect(() => resolveOffsetMinutes('Mars/Olympus_Mons', NOW)).toThrow(KeenError);
  });

  it('rejects a non-string non-number', () => {
    expect(() => resolveOffsetMinutes({ hours: 1 }, NOW)).toThrow(
      /seconds east of UTC or an IANA zone name/,
    );
  });
});

describe('absolute timeframes', () => {
  it('reads start and end', () => {
    const timeframe = { start: '2024-01-01T00:00:00.000+01:00', end: '2024-01-02T00:00:00Z' };

    expect(resolveTimeframe(timeframe, 0, NOW)).toEqual(
      range('2023-12-31T23:00:00Z', '2024-01-02T00:00:00Z'),
    );
  });

  it('means all time when absent', () => {
    expect(resolveTimeframe(undefined, 0, NOW)).toBeNull();
  });

  const invalid: Array<[string, unknown]> = [
    ['start after end', { start: '2024-01-02T00:00:00Z', end: '2024-01-01T00:00:00Z' }],
    ['a missing end', { start: '2024-01-02T00:00:00Z' }],
    ['a non-date start', { start: 'monday', end: '2024-01-01T00:00:00Z' }],
    ['an unknown relative form', 'last_week'],
    ['an unknown unit', 'this_2_fortnights'],
    ['zero units', 'this_0_days'],
    ['a number', 7],
  ];
  for (const [name, timeframe] of invalid) {
    it(`rejects ${name}`, () => {
      expect(() => resolveTimeframe(timeframe, 0, NOW)).toThrow(KeenError);
    });
  }
});

describe('interval buckets', () => {
  it('aligns weeks to Monday', () => {
    const buckets = splitIntervals(
      range('2024-03-06T00:00:00Z', '2024-03-20T00:00:00Z'),
      'weekly',
      0,
    );

    expect(buckets).toEqual([
      range('2024-03-06T00:00:00Z', '2024-03-11T00:00:00Z'),
      range('2024-03-11T00:00:00Z', '2024-03-18T00:00:00Z'),
      range('2024-03-18T00:00:00Z', '2024-03-20T00:00:00Z'),
    ]);
  });

  it('splits months of different lengths', () => {
    const buckets = splitIntervals(
      range('2024-01-01T00:00:00Z', '2024-04-01T00:00:00Z'),
      'monthly',
      0,
    );

    expect(buckets).toEqual([
      range('2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z'),
      range('2024-02-01T00:00:00Z', '2024-03-01T00:00:00Z'),
      range('2024-03-01T00:00:00Z', '2024-04-01T00:00:00Z'),
    ]);
  });

  it('aligns hours to a half-hour zone', () => {
    const buckets = splitIntervals(
      range('2024-03-13T09:00:00Z', '2024-03-13T11:00:00Z'),
      'hourly',
      330,
    );

    expect(buckets).toEqual([
      range('2024-03-13T09:00:00Z', '2024-03-13T09:30:00Z'),
      range('2024-03-13T09:30:00Z', '2024-03-13T10:30:00Z'),
      range('2024-03-13T10:30:00Z', '2024-03-13T11:00:00Z'),
    ]);
  });

  for (const [interval, count] of [
    ['minutely', 120],
    ['yearly', 1],
  ] as const) {
    it(`splits two hours ${interval}`, () => {
      expect(
        splitIntervals(range('2024-03-13T09:00:00Z', '2024-03-13T11:00:00Z'), interval, 0),
      ).toHaveLength(count);
    });
  }

  it('formats bucket edges in the offset', () => {
    expect(formatInOffset(Date.parse('2024-03-13T09:30:00Z'), 330)).toBe(
      '2024-03-13T15:00:00.000+05:30',
    );
    expect(formatInOffset(Date.parse('2024-03-13T09:30:00Z'), -300)).toBe(
      '2024-03-13T04:30:00.000-05:00',
    );
    expect(formatInOffset(Date.parse('2024-03-13T09:30:00Z'), 0)).toBe('2024-03-13T09:30:00.000Z');
  });
});
