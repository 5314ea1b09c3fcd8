import { isJsonObject } from '../decode.js';
import { readPath } from '../paths.js';
import { invalidQuery, type Filter } from './params.js';

const OPERATORS = new Set(['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'exists', 'in', 'contains']);

/** Check the `filters` parameter and return it as a list of filters. */
export function readFilters(value: unknown): Filter[] {
  if (value === undefined) return [];
  if (!Array.isArray(value))
    throw invalidQuery(
      'The filters parameter must be a list of {property_name, operator, property_value}.',
    );

  return value.map((filter, index) => {
    if (
      !isJsonObject(filter) ||
      typeof filter.property_name !== 'string' ||
      filter.property_name === ''
    ) {
      throw invalidQuery(`filters[${index}] needs a property_name.`);
    }
    if (typeof filter.operator !== 'string' || !OPERATORS.has(filter.operator)) {
      throw invalidQuery(
        `filters[${index}].operator ${JSON.stringify(filter.operator)} is not supported: use one of ${[...OPERATORS].join(', ')}.`,
      );
    }
    if (filter.operator === 'exists' && typeof filter.property_value !== 'boolean') {
      throw invalidQuery(`filters[${index}] with exists needs property_value true or false.`);
    }
    if (filter.operator === 'in' && !Array.isArray(filter.property_value)) {
      throw invalidQuery(`filters[${index}] with in needs a list as property_value.`);
    }
    return filter as unknown as Filter;
  });
}

/** Compare two JSON values for equality: primitives by value, others by their JSON text. */
export function jsonEquals(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null)
    return false;
  return JSON.stringify(left) === JSON.stringify(right);
}

/** Order two values of the same primitive type, or return null when they cannot be ordered. */
function compare(left: unknown, right: unknown): number | null {
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  if (typeof left === 'string' && typeof right === 'string') {
    if (left === right) return 0;
    return left < right ? -1 : 1;
  }
  return null;
}

function matchesFilter(event: Record<string, unknown>, filter: Filter): boolean {
  const value = readPath(event, filter.property_name);
  if (value === undefined) return filter.operator === 'exists' && filter.property_value === false;

  const expected = filter.property_value;
  const order = compare(value, expected);
  switch (filter.operator) {
    case 'exists':
      return expected === true;
    case 'eq':
      return jsonEquals(value, expected);
    case 'ne':
      return !jsonEquals(value, expected);
    case 'lt':
      return order !== null && order < 0;
    case 'lte':
      return order !== null && order <= 0;
    case 'gt':
      return order !== null && order > 0;
    case 'gte':
      return order !== null && order >= 0;
    case 'in':
      return (expected as unknown[]).some((candidate) => jsonEquals(value, candidate));
    case 'contains':
      if (typeof value === 'string')
        return typeof expected === 'string' && value.includes(expected);
      return Array.isArray(value) && value.some((item) => jsonEquals(item, expected));
    default:
      return false;
  }
}

/** Check that an event matches every filter. */
export function matchesFilters(event: Record<string, unknown>, filters: Filter[]): boolean {
  return filters.every((filter) => matchesFilter(event, filter));
}
