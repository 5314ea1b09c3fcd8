import { isJsonObject } from '../decode.js';
import { invalidQuery, type Interval } from './params.js';

/** A half-open range of instants in milliseconds: start inclusive, end exclusive. */
export interface TimeRange {
  start: number;
  end: number;
}

type Unit = 'minutes' | 'hours' | 'days' | 'weeks' | 'months' | 'years';

const RELATIVE_TIMEFRAME = /^(this|previous)_(?:(\d+)_)?(minute|hour|day|week|month|year)s?$/;

const TIMEFRAME_ALIASES: Record<string, string> = { today: 'this_day', yesterday: 'previous_day' };

const UNIT_BY_INTERVAL: Record<Interval, Unit> = {
  minutely: 'minutes',
  hourly: 'hours',
  daily: 'days',
  weekly: 'weeks',
  monthly: 'months',
  yearly: 'years',
};

const HAS_OFFSET = /(Z|[+-]\d{2}(:?\d{2})?)$/;

/** Parse an ISO-8601 timestamp to milliseconds; a date-time without an offset is read as UTC. */
export function parseTimestamp(value: unknown): number {
  if (typeof value !== 'string') return Number.NaN;
  const text = value.includes('T') && !HAS_OFFSET.test(value) ? `${value}Z` : value;
  return Date.parse(text);
}

/**
 * Resolve `timezone` to minutes east of UTC: a number of seconds, or an IANA zone name.
 * NOTE: an IANA zone is resolved to its offset at `now`, so a daylight-saving change inside the
 * timeframe is not taken into account.
 */
export function resolveOffsetMinutes(timezone: unknown, now: number): number {
  if (timezone === undefined || timezone === null || timezone === '') return 0;
  if (typeof timezone === 'number' && Number.isFinite(timezone)) return Math.round(timezone / 60);
  if (typeof timezone !== 'string')
    throw invalidQuery('The timezone parameter must be seconds east of UTC or an IANA zone name.');
  try {
    const name = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      timeZoneName: 'longOffset',
    })
      .formatToParts(now)
      .find((part) => part.type === 'timeZoneName')?.value;
    const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
    if (match === null) return 0;
    return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
  } catch {
    throw invalidQuery(`The timezone ${JSON.stringify(timezone)} is not a known IANA zone name.`);
  }
}

/** Move a local time (UTC fields read as local fields) to the start of its unit; weeks start on Monday. */
function startOfUnit(local: Date, unit: Unit): Date {
  const start = new Date(local.getTime());
  start.setUTCSeconds(0, 0);
  if (unit === 'minutes') return start;
  start.setUTCMinutes(0);
  if (unit === 'hours') return start;
  start.setUTCHours(0);
  if (unit === 'days') return start;
  if (unit === 'weeks') {
    start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
    return start;
  }
  start.setUTCDate(1);
  if (unit === 'months') return start;
  start.setUTCMonth(0);
  return start;
}

/** Add `count` units to a local time. */
export function addUnits(local: Date, unit: Unit, count: number): Date {
  const next = new Date(local.getTime());
  if (unit === 'minutes') next.setUTCMinutes(next.getUTCMinutes() + count);
  else if (unit === 'hours') next.setUTCHours(next.getUTCHours() + count);
  else if (unit === 'days') next.setUTCDate(next.getUTCDate() + count);
  else if (unit === 'weeks') next.setUTCDate(next.getUTCDate() + 7 * count);
  else if (unit === 'months') next.setUTCMonth(next.getUTCMonth() + count);
  else next.setUTCFullYear(next.getUTCFullYear() + count);
  return next;
}

/**
 * Resolve a timeframe to a range. `this_N_units` covers the current unit and the N-1 before it, up
 * to the end of the current unit. `previous_N_units` covers the N complete units before the current one.
 */
export function resolveTimeframe(
  timeframe: unknown,
  offsetMinutes: number,
  now: number,
): TimeRange | null {
  if (timeframe === undefined || timeframe === null || timeframe === '') return null;
  const offsetMs = offsetMinutes * 60_000;

  if (isJsonObject(timeframe)) {
    const start = parseTimestamp(timeframe.start);
    const end = parseTimestamp(timeframe.end);
    if (Number.isNaN(start) || Number.isNaN(end) || start > end) {
      throw invalidQuery(
        'An absolute timeframe needs ISO-8601 start and end, with start not after end.',
      );
    }
    return { start, end };
  }

  const named = TIMEFRAME_ALIASES[String(timeframe)] ?? timeframe;
  const match = typeof named === 'string' ? RELATIVE_TIMEFRAME.exec(named) : null;
  if (match === null) {
    throw invalidQuery(
      `The timeframe ${JSON.stringify(timeframe)} is invalid: use this_N_units, previous_N_units or {"start", "end"}.`,
    );
  }
  const count = match[2] === undefined ? 1 : Number(match[2]);
  if (count < 1) {
    throw invalidQuery(
      `The timeframe ${JSON.stringify(timeframe)} is invalid: N in this_N_units and previous_N_units must be at least 1.`,
    );
  }
  const unit = `${match[3]}s` as Unit;
  const currentStart = startOfUnit(new Date(now + offsetMs), unit);

  const localRange =
    match[1] === 'this'
      ? { start: addUnits(currentStart, unit, 1 - count), end: addUnits(currentStart, unit, 1) }
      : { start: addUnits(currentStart, unit, -count), end: currentStart };
  return { start: localRange.start.getTime() - offsetMs, end: localRange.end.getTime() - offsetMs };
}

/** Split a range into interval buckets aligned to the unit in the query's offset. */
export function splitIntervals(
  range: TimeRange,
  interval: Interval,
  offsetMinutes: number,
): TimeRange[] {
  const unit = UNIT_BY_INTERVAL[interval];
  const offsetMs = offsetMinutes * 60_000;
  const buckets: TimeRange[] = [];
  let local = new Date(range.start + offsetMs);
  const localEnd = range.end + offsetMs;

  while (local.getTime() < localEnd) {
    const next = addUnits(startOfUnit(local, unit), unit, 1);
    const end = Math.min(next.getTime(), localEnd);
    buckets.push({ start: local.getTime() - offsetMs, end: end - offsetMs });
    local = new Date(end);
  }
  return buckets;
}

/** Format an instant as ISO 8601 in the query's offset: `Z` for UTC, `±HH:MM` otherwise. */
export function formatInOffset(instant: number, offsetMinutes: number): string {
  if (offsetMinutes === 0) return new Date(instant).toISOString();
  const local = new Date(instant + offsetMinutes * 60_000).toISOString().slice(0, -1);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  const hours = String(Math.floor(absolute / 60)).padStart(2, '0');
  const minutes = String(absolute % 60).padStart(2, '0');
  return `${local}${sign}${hours}:${minutes}`;
}
