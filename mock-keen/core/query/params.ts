import { isJsonObject } from '../decode.js';
import { KeenError } from '../errors.js';

/** Analysis types the mock computes; any other type gets 404. */
export const ANALYSIS_TYPES = [
  'count',
  'count_unique',
  'sum',
  'minimum',
  'maximum',
  'average',
  'select_unique',
  'extraction',
] as const;

export type AnalysisType = (typeof ANALYSIS_TYPES)[number];

export const INTERVALS = ['minutely', 'hourly', 'daily', 'weekly', 'monthly', 'yearly'] as const;

export type Interval = (typeof INTERVALS)[number];

export interface Filter {
  property_name: string;
  operator: string;
  property_value?: unknown;
}

/** Query parameters after parsing, before validation of their values. */
export interface QueryParams {
  event_collection?: unknown;
  target_property?: unknown;
  timeframe?: unknown;
  timezone?: unknown;
  filters?: unknown;
  group_by?: unknown;
  interval?: unknown;
  property_names?: unknown;
  latest?: unknown;
  email?: unknown;
}

/** Parameters that the GET form sends as JSON text when they begin with `{` or `[`. */
const JSON_PARAMETERS = new Set(['filters', 'timeframe', 'group_by', 'property_names']);

export function invalidQuery(message: string): KeenError {
  return new KeenError('InvalidQueryError', message);
}

/** Read the parameters of a GET query: plain strings, or JSON text for structured parameters. */
export function paramsFromQueryString(query: URLSearchParams): QueryParams {
  const params: Record<string, unknown> = {};
  for (const [name, value] of query) {
    if (name === 'api_key') continue;
    if (JSON_PARAMETERS.has(name) && (value.startsWith('{') || value.startsWith('['))) {
      try {
        params[name] = JSON.parse(value);
      } catch {
        throw invalidQuery(`Query parameter ${name} is not valid JSON.`);
      }
    } else if (name === 'timezone' && value.trim() !== '' && Number.isFinite(Number(value))) {
      params[name] = Number(value);
    } else {
      params[name] = value;
    }
  }
  return params;
}

/** Read the parameters of a POST query from its JSON body; `analysis_type` in the body is ignored. */
export function paramsFromBody(body: unknown): QueryParams {
  if (!isJsonObject(body)) {
    throw invalidQuery('The query body must be a JSON object of query parameters.');
  }
  return body as QueryParams;
}

/** Check the parameters every analysis shares and return the collection name. */
export function requireCollection(params: QueryParams): string {
  const collection = params.event_collection;
  if (typeof collection !== 'string' || collection === '') {
    throw invalidQuery('The event_collection parameter is missing: name the collection to query.');
  }
  return collection;
}

/** Read `latest` as a positive integer, when present. */
export function readLatest(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const latest = typeof value === 'string' ? Number(value) : value;
  if (typeof latest !== 'number' || !Number.isInteger(latest) || latest < 1) {
    throw invalidQuery(
      `The latest parameter must be a positive integer (got ${JSON.stringify(value)}).`,
    );
  }
  return latest;
}

/** Read `group_by` as a list of property paths, when present. */
export function readGroupBy(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const paths = Array.isArray(value) ? value : [value];
  if (paths.length === 0 || !paths.every((path) => typeof path === 'string' && path !== '')) {
    throw invalidQuery(
      'The group_by parameter must be a property path or a list of property paths.',
    );
  }
  return paths as string[];
}

/** Read `interval` as a named interval, when present. */
export function readInterval(value: unknown): Interval | undefined {
  if (value === undefined) return undefined;
  if (!(INTERVALS as readonly unknown[]).includes(value)) {
    throw invalidQuery(
      `The interval ${JSON.stringify(value)} is not supported: use one of ${INTERVALS.join(', ')}.`,
    );
  }
  return value as Interval;
}
