import type { JournalRecord } from '../../core/types.js';

/** Filters of the journal page's view; every field is a query parameter of the page's URL. */
export interface ViewFilters {
  run: string;
  project: string;
  collection: string;
  outcome: string;
  transport: string;
  /** Start and end of the receive-time range, ISO 8601; a time without a zone is UTC. */
  from: string;
  to: string;
  /** Text searched for, case-insensitively, in the received event's JSON. */
  q: string;
  /** Sequence number of the record shown in detail. */
  record: string;
}

export const FILTER_NAMES = [
  'run',
  'project',
  'collection',
  'outcome',
  'transport',
  'from',
  'to',
  'q',
  'record',
] as const;

/** Read the filters from a query string such as `location.search`. */
export function readFilters(search: string): ViewFilters {
  const params = new URLSearchParams(search);
  const filters = {} as ViewFilters;
  for (const name of FILTER_NAMES) filters[name] = params.get(name) ?? '';
  return filters;
}

/** Write the filters as a query string with a leading `?`, leaving out empty ones; empty when all are. */
export function writeFilters(filters: ViewFilters): string {
  const params = new URLSearchParams();
  for (const name of FILTER_NAMES) if (filters[name] !== '') params.set(name, filters[name]);
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

/** Milliseconds since the epoch of a filter time; NaN when it is empty or not a time. */
export function parseFilterTime(value: string): number {
  if (value === '') return Number.NaN;
  const hasZone = /(Z|[+-]\d\d:?\d\d)$/i.test(value);
  return Date.parse(hasZone ? value : `${value}Z`);
}

/** Check a record against the filters; `ignore` leaves one filter out, as the per-collection counts do. */
export function matchesFilters(
  record: JournalRecord,
  filters: ViewFilters,
  ignore?: keyof ViewFilters,
): boolean {
  const equal = (name: keyof ViewFilters, value: string | null): boolean =>
    name === ignore || filters[name] === '' || filters[name] === (value ?? '');
  if (
    !equal('run', record.runId) ||
    !equal('project', record.projectId) ||
    !equal('collection', record.collection)
  )
    return false;
  if (!equal('outcome', record.outcome) || !equal('transport', record.transport)) return false;

  const received = Date.parse(record.receivedAt);
  const from = parseFilterTime(filters.from);
  const to = parseFilterTime(filters.to);
  if (!Number.isNaN(from) && received < from) return false;
  if (!Number.isNaN(to) && received > to) return false;

  if (filters.q !== '' && ignore !== 'q') {
    const text = JSON.stringify(record.body ?? null).toLowerCase();
    if (!text.includes(filters.q.toLowerCase())) return false;
  }
  return true;
}

/** Count the records of each collection that pass every filter but the collection one, largest first. */
export function countByCollection(
  records: readonly JournalRecord[],
  filters: ViewFilters,
): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const record of records) {
    if (!matchesFilters(record, filters, 'collection')) continue;
    const name = record.collection ?? '(none)';
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
