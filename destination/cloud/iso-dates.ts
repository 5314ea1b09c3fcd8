import { is as isIsoDate, parse as parseIsoDate } from '@segment/isodate';
import traverse from '@segment/isodate-traverse';

/**
 * Returns a copy of `value` in which every string passing the strict ISO-8601 test is a Date.
 * The strict test requires `YYYY-MM-DD` at the start; a bare year stays a string. The Dates
 * serialise back as `toISOString` strings (UTC, milliseconds, `Z`).
 */
export function convertIsoDates<T>(value: T): T {
  return traverse(structuredClone(value), true);
}

/**
 * Reads a message timestamp: a Date, an ISO-8601 string, another date string or a number of
 * milliseconds. Returns `fallback` when the message has none, and null when it cannot be read.
 */
export function parseTimestamp(value: unknown, fallback: Date): Date | null {
  if (value === undefined || value === null || value === '') return fallback;

  let date: Date;
  if (value instanceof Date) date = value;
  else if (typeof value === 'string')
    date = isIsoDate(value, true) ? parseIsoDate(value) : new Date(value);
  else if (typeof value === 'number') date = new Date(value);
  else return null;

  return Number.isNaN(date.getTime()) ? null : date;
}
