import { readPath } from '../paths.js';
import type { AnalysisType } from './params.js';

type Event = Record<string, unknown>;

function distinct(values: unknown[]): unknown[] {
  const seen = new Set<string>();
  const unique: unknown[] = [];
  for (const value of values) {
    const key = JSON.stringify(value);
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(value);
  }
  return unique;
}

function numbers(values: unknown[]): number[] {
  return values.filter(
    (value): value is number => typeof value === 'number' && Number.isFinite(value),
  );
}

/** Compute one aggregate over events; extraction is handled apart because it returns events. */
export function aggregate(
  type: Exclude<AnalysisType, 'extraction'>,
  events: Event[],
  targetProperty: string | undefined,
): unknown {
  if (type === 'count') return events.length;

  const values = events
    .map((event) => readPath(event, targetProperty as string))
    .filter((value) => value !== undefined);
  const numeric = numbers(values);
  switch (type) {
    case 'count_unique':
      return distinct(values).length;
    case 'select_unique':
      return distinct(values);
    case 'sum':
      return numeric.reduce((total, value) => total + value, 0);
    case 'minimum':
      return numeric.length === 0 ? null : Math.min(...numeric);
    case 'maximum':
      return numeric.length === 0 ? null : Math.max(...numeric);
    case 'average':
      return numeric.length === 0
        ? null
        : numeric.reduce((total, value) => total + value, 0) / numeric.length;
  }
}

/**
 * Group events by the values of `paths`; events without a property group under null. Groups are
 * sorted by the JSON text of their values so the output is stable.
 */
export function groupEvents(
  events: Event[],
  paths: string[],
): Array<{ values: unknown[]; events: Event[] }> {
  const groups = new Map<string, { values: unknown[]; events: Event[] }>();
  for (const event of events) {
    const values = paths.map((path) => readPath(event, path) ?? null);
    const key = JSON.stringify(values);
    let group = groups.get(key);
    if (group === undefined) {
      group = { values, events: [] };
      groups.set(key, group);
    }
    group.events.push(event);
  }
  const sorted = [...groups.entries()].sort(([left], [right]) => compareText(left, right));
  return sorted.map(([, group]) => group);
}

/** Order strings by UTF-16 code units, as JavaScript's relational operators do. */
function compareText(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}

function timestampOf(event: Event): string {
  const keen = event.keen as { timestamp?: string } | undefined;
  return keen?.timestamp ?? '';
}

/** Keep only the listed paths of an event, rebuilt as nested objects. */
function pickPaths(event: Event, paths: string[]): Event {
  const picked: Event = {};
  for (const path of paths) {
    const value = readPath(event, path);
    if (value === undefined) continue;
    const names = path.split('.');
    const last = names.pop() as string;
    let target = picked;
    for (const name of names) {
      if (typeof target[name] !== 'object' || target[name] === null) target[name] = {};
      target = target[name] as Event;
    }
    target[last] = structuredClone(value);
  }
  return picked;
}

/** Return events oldest first by `keen.timestamp`, the `latest` N when given, trimmed to `propertyNames`. */
export function extract(
  events: Event[],
  latest: number | undefined,
  propertyNames: string[] | undefined,
): Event[] {
  const withTime = events.map((event) => ({ event, time: Date.parse(timestampOf(event)) }));
  withTime.sort((left, right) => left.time - right.time);
  const kept =
    latest === undefined ? withTime : withTime.slice(Math.max(0, withTime.length - latest));
  return kept.map(({ event }) =>
    propertyNames === undefined ? structuredClone(event) : pickPaths(event, propertyNames),
  );
}
