import { matchesFilters, readFilters } from './filters.js';
import { aggregate, extract, groupEvents } from './analyses.js';
import {
  invalidQuery,
  readGroupBy,
  readInterval,
  readLatest,
  requireCollection,
  type AnalysisType,
  type QueryParams,
} from './params.js';
import {
  formatInOffset,
  parseTimestamp,
  resolveOffsetMinutes,
  resolveTimeframe,
  splitIntervals,
  type TimeRange,
} from './time.js';

type Event = Record<string, unknown>;

/** Reader of a collection's stored events for a query. */
export type EventSource = (collection: string) => Event[];

function inRange(event: Event, range: TimeRange): boolean {
  const time = parseTimestamp((event.keen as { timestamp?: unknown } | undefined)?.timestamp);
  return time >= range.start && time < range.end;
}

function readPropertyNames(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((name) => typeof name === 'string' && name !== '')) {
    throw invalidQuery('The property_names parameter must be a list of property paths.');
  }
  return value as string[];
}

function runExtraction(events: Event[], params: QueryParams): unknown {
  if (params.group_by !== undefined || params.interval !== undefined) {
    throw invalidQuery('Extractions take neither group_by nor interval.');
  }
  const latest = readLatest(params.latest);
  const propertyNames = readPropertyNames(params.property_names);
  if (typeof params.email === 'string' && params.email !== '') {
    return 'Processing. Check the specified email for the extraction results.';
  }
  return extract(events, latest, propertyNames);
}

/**
 * Run a query over the stored events of one project and return its `result`. The mock is
 * immediately consistent, so every event acknowledged before the query is counted.
 */
export function runQuery(
  type: AnalysisType,
  params: QueryParams,
  source: EventSource,
  now: number,
): unknown {
  const collection = requireCollection(params);
  const offset = resolveOffsetMinutes(params.timezone, now);
  const range = resolveTimeframe(params.timeframe, offset, now);
  const filters = readFilters(params.filters);
  const events = source(collection).filter(
    (event) => (range === null || inRange(event, range)) && matchesFilters(event, filters),
  );

  if (type === 'extraction') return runExtraction(events, params);

  const target = params.target_property;
  if (type !== 'count' && (typeof target !== 'string' || target === '')) {
    throw invalidQuery(`A ${type} query needs target_property: the property path to compute over.`);
  }
  const groupBy = readGroupBy(params.group_by);
  const interval = readInterval(params.interval);
  if (interval !== undefined && range === null) {
    throw invalidQuery('A query with interval needs a timeframe.');
  }

  const compute = (subset: Event[]): unknown => {
    if (groupBy === undefined) return aggregate(type, subset, target as string | undefined);
    return groupEvents(subset, groupBy).map(({ values, events: grouped }) => {
      const row: Record<string, unknown> = {};
      groupBy.forEach((path, index) => (row[path] = values[index]));
      row.result = aggregate(type, grouped, target as string | undefined);
      return row;
    });
  };

  if (interval === undefined || range === null) return compute(events);
  return splitIntervals(range, interval, offset).map((bucket) => ({
    timeframe: {
      start: formatInOffset(bucket.start, offset),
      end: formatInOffset(bucket.end, offset),
    },
    value: compute(events.filter((event) => inRange(event, bucket))),
  }));
}
