/** Output of `keen:date_time_parser`. */
export interface ParsedDateTime {
  millisecond: number | null;
  second: number | null;
  minute: number | null;
  hour: number | null;
  day_of_week: number | null;
  day_of_week_string: string | null;
  day_of_month: number | null;
  week: number | null;
  month: number | null;
  year: number | null;
  timezone_offset: number | null;
}

const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const UNPARSED: ParsedDateTime = {
  millisecond: null,
  second: null,
  minute: null,
  hour: null,
  day_of_week: null,
  day_of_week_string: null,
  day_of_month: null,
  week: null,
  month: null,
  year: null,
  timezone_offset: null,
};

/** ISO-8601 date and time; the offset group is `Z`, `±HH:MM`, `±HHMM` or `±HH`, and absent means UTC. */
const ISO_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

function offsetMinutes(offset: string | undefined): number {
  if (offset === undefined || offset === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

/** Compute the ISO week number of a date whose UTC fields are the local fields. */
function isoWeek(local: Date, dayOfWeek: number): number {
  const thursday = new Date(local.getTime());
  thursday.setUTCDate(local.getUTCDate() + 4 - dayOfWeek);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  return Math.ceil(((thursday.getTime() - yearStart) / 86_400_000 + 1) / 7);
}

/** Split an ISO-8601 date-time into calendar fields, computed in the input's own offset. */
export function parseDateTime(value: unknown): ParsedDateTime {
  const match = typeof value === 'string' ? ISO_DATE_TIME.exec(value) : null;
  if (match === null) return { ...UNPARSED };
  const text = (value as string).replace(' ', 'T').replace(',', '.');
  const offset = offsetMinutes(match[1]);
  const instant = Date.parse(match[1] === undefined && text.includes('T') ? `${text}Z` : text);
  if (Number.isNaN(instant)) return { ...UNPARSED };

  // Shifting by the offset makes the UTC getters return the input's local fields.
  const local = new Date(instant + offset * 60_000);
  const dayOfWeek = ((local.getUTCDay() + 6) % 7) + 1;
  return {
    millisecond: local.getUTCMilliseconds(),
    second: local.getUTCSeconds(),
    minute: local.getUTCMinutes(),
    hour: local.getUTCHours(),
    day_of_week: dayOfWeek,
    day_of_week_string: DAY_NAMES[dayOfWeek - 1],
    day_of_month: local.getUTCDate(),
    week: isoWeek(local, dayOfWeek),
    month: local.getUTCMonth() + 1,
    year: local.getUTCFullYear(),
    timezone_offset: offset,
  };
}
