import { describe, expect, it } from 'vitest';

import { isIsoTimestamp } from './validate.js';

/** Return the result isIsoTimestamp gave before the client form was judged field by field. */
function byDateParse(text: string): boolean {
  const pattern =
    /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
  return pattern.test(text) && !Number.isNaN(Date.parse(text.replace(',', '.')));
}

describe('isIsoTimestamp', () => {
  it('judges the client form as Date.parse does, field by field', () => {
    const fields = {
      year: ['0000', '1999', '2026', '9999', '20a6'],
      month: ['00', '01', '02', '12', '13', '1x'],
      day: ['00', '01', '29', '30', '31', '32'],
      hour: ['00', '23', '24', '25'],
      minute: ['00', '59', '60'],
      second: ['00', '59', '60'],
      millis: ['000', '001', '999', '0x0'],
    };
    let checked = 0;
    for (const year of fields.year)
      for (const month of fields.month)
        for (const day of fields.day)
          for (const hour of fields.hour)
            for (const minute of fields.minute)
              for (const second of fields.second)
                for (const millis of fields.millis) {
                  const text = `${year}-${month}-${day}T${hour}:${minute}:${second}.${millis}Z`;
                  expect(isIsoTimestamp(text), text).toBe(byDateParse(text));
                  checked++;
                }
    expect(checked).toBe(5 * 6 * 6 * 4 * 3 * 3 * 4);
  });

  it('still judges the other ISO-8601 forms with Date.parse', () => {
    for (const text of [
      '2026-01-01',
      '2026-01-01T10:00',
      '2026-01-01T10:00:00+02:00',
      '2026-01-01T10:00:00,5Z',
      '2026-02-30T00:00:00.000000Z',
      '2026-13-01T00:00:00Z',
      '2026-01-01T00:00:00.000z',
      '2026-01-01 00:00:00.000Z',
      'not a date',
      '',
    ]) {
      expect(isIsoTimestamp(text), text).toBe(byDateParse(text));
    }
    expect(isIsoTimestamp(20260101)).toBe(false);
  });
});
