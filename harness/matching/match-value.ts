import { isIP } from 'node:net';
import type { ExpectedValue, Matcher } from '../../schemas/generated/types.js';

/** One difference between an expected and an actual value, at a JSON pointer below the compared root. */
export interface Difference {
  pointer: string;
  expected: unknown;
  actual: unknown;
  message: string;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const KEEN_ID = /^[0-9a-f]{24}$/;

/**
 * Keen's placeholders: a string exactly equal to one of them is replaced on storage by the client's
 * IP address or its User-Agent header, so the received body contains the placeholder and the stored
 * event the value.
 */
export const KEEN_IP_PLACEHOLDER = '${keen.ip}';
export const KEEN_USER_AGENT_PLACEHOLDER = '${keen.user_agent}';

/** Tells whether an expected value is a matcher object rather than a literal. */
export function isMatcher(value: unknown): value is Matcher {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && '$match' in value;
}

function escapePointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

function childPointer(pointer: string, segment: string | number): string {
  return `${pointer}/${escapePointerSegment(segment)}`;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function differ(
  pointer: string,
  expected: unknown,
  actual: unknown,
  message: string,
): Difference[] {
  return [{ pointer, expected, actual, message }];
}

/** Compares a value against a matcher; `undefined` stands for an absent key. */
function matchMatcher(matcher: Matcher, actual: unknown, pointer: string): Difference[] {
  if (matcher.$match === 'absent') {
    return actual === undefined ? [] : differ(pointer, matcher, actual, 'must be absent');
  }
  if (actual === undefined) return differ(pointer, matcher, actual, 'is missing');

  switch (matcher.$match) {
    case 'any':
      return [];
    case 'iso-date-time':
      return typeof actual === 'string' &&
        ISO_DATE_TIME.test(actual) &&
        !Number.isNaN(Date.parse(actual))
        ? []
        : differ(pointer, matcher, actual, 'must be an ISO 8601 date-time');
    case 'uuid':
      return typeof actual === 'string' && UUID.test(actual)
        ? []
        : differ(pointer, matcher, actual, 'must be a UUID');
    case 'keen-id':
      return typeof actual === 'string' && KEEN_ID.test(actual)
        ? []
        : differ(pointer, matcher, actual, 'must be a Keen event id (24 lowercase hex digits)');
    case 'keen-ip':
    case 'keen-user-agent':
      return matchPlaceholder(matcher, actual, pointer);
    case 'type': {
      const ok =
        matcher.type === 'integer' ? Number.isInteger(actual) : typeName(actual) === matcher.type;
      return ok ? [] : differ(pointer, matcher, actual, `must be of type ${matcher.type}`);
    }
    case 'regex':
      return typeof actual === 'string' && new RegExp(matcher.pattern, 'u').test(actual)
        ? []
        : differ(pointer, matcher, actual, `must match /${matcher.pattern}/`);
    case 'range': {
      const ok =
        typeof actual === 'number' &&
        (matcher.min === undefined || actual >= matcher.min) &&
        (matcher.max === undefined || actual <= matcher.max);
      return ok
        ? []
        : differ(
            pointer,
            matcher,
            actual,
            `must be a number in [${matcher.min ?? '-inf'}, ${matcher.max ?? 'inf'}]`,
          );
    }
    case 'subset':
      if (!isPlainObject(actual)) return differ(pointer, matcher, actual, 'must be an object');
      return Object.entries(matcher.value).flatMap(([key, expected]) =>
        matchValue(expected, actual[key], childPointer(pointer, key)),
      );
    case 'unordered':
      return matchUnordered(matcher.items, actual, pointer, matcher);
  }
}

type PlaceholderMatcher = Extract<Matcher, { $match: 'keen-ip' | 'keen-user-agent' }>;

/** The placeholder of each placeholder matcher, and the values Keen stores in its place. */
const PLACEHOLDERS = {
  'keen-ip': {
    placeholder: KEEN_IP_PLACEHOLDER,
    isValue: (value: string) => isIP(value) !== 0,
    value: 'an IP address',
  },
  'keen-user-agent': {
    placeholder: KEEN_USER_AGENT_PLACEHOLDER,
    isValue: (value: string) => value.trim() !== '' && value !== KEEN_USER_AGENT_PLACEHOLDER,
    value: 'a non-empty user agent string',
  },
};

/** Accepts the placeholder, the stored value, or either, as the matcher's `form` selects. */
function matchPlaceholder(matcher: PlaceholderMatcher, actual: unknown, pointer: string) {
  const rule = PLACEHOLDERS[matcher.$match];
  const isPlaceholder = actual === rule.placeholder;
  const isValue = typeof actual === 'string' && rule.isValue(actual);
  const quoted = `"${rule.placeholder}"`;

  if (matcher.form === 'placeholder') {
    return isPlaceholder ? [] : differ(pointer, matcher, actual, `must be ${quoted}`);
  }
  if (matcher.form === 'value') {
    return isValue
      ? []
      : differ(pointer, matcher, actual, `must be ${rule.value} stored in place of ${quoted}`);
  }
  return isPlaceholder || isValue
    ? []
    : differ(pointer, matcher, actual, `must be ${quoted} or ${rule.value}`);
}

/** Pairs each expected item with a distinct actual item, trying every assignment (lists are short). */
function matchUnordered(
  items: ExpectedValue[],
  actual: unknown,
  pointer: string,
  matcher: Matcher,
): Difference[] {
  if (!Array.isArray(actual)) return differ(pointer, matcher, actual, 'must be an array');
  if (actual.length !== items.length) {
    return differ(
      pointer,
      matcher,
      actual,
      `must have ${items.length} items in any order (got ${actual.length})`,
    );
  }
  const used = new Array<boolean>(actual.length).fill(false);
  const assign = (index: number): boolean => {
    if (index === items.length) return true;
    for (let candidate = 0; candidate < actual.length; candidate++) {
      if (used[candidate]) continue;
      if (matchValue(items[index], actual[candidate], '').length > 0) continue;
      used[candidate] = true;
      if (assign(index + 1)) return true;
      used[candidate] = false;
    }
    return false;
  };
  return assign(0)
    ? []
    : differ(pointer, matcher, actual, 'items must match the expected items in some order');
}

/**
 * Compares an actual value with an expected value: exact JSON equality, except where the expected
 * side contains a matcher. Returns every difference found, deepest first within each branch.
 */
export function matchValue(
  expected: ExpectedValue | undefined,
  actual: unknown,
  pointer = '',
): Difference[] {
  if (isMatcher(expected)) return matchMatcher(expected, actual, pointer);
  if (actual === undefined) return differ(pointer, expected, actual, 'is missing');

  if (Array.isArray(expected)) {
    if (!Array.isArray(actual))
      return differ(pointer, expected, actual, `must be an array (got ${typeName(actual)})`);
    const differences = expected.flatMap((item, index) =>
      matchValue(item, actual[index], childPointer(pointer, index)),
    );
    for (let index = expected.length; index < actual.length; index++) {
      differences.push(
        ...differ(childPointer(pointer, index), undefined, actual[index], 'is not expected'),
      );
    }
    return differences;
  }

  if (isPlainObject(expected)) {
    if (!isPlainObject(actual))
      return differ(pointer, expected, actual, `must be an object (got ${typeName(actual)})`);
    const differences = Object.entries(expected).flatMap(([key, value]) =>
      matchValue(value, actual[key], childPointer(pointer, key)),
    );
    for (const key of Object.keys(actual)) {
      if (!(key in expected)) {
        differences.push(
          ...differ(childPointer(pointer, key), undefined, actual[key], 'is not expected'),
        );
      }
    }
    return differences;
  }

  return Object.is(expected, actual) || expected === actual
    ? []
    : differ(pointer, expected, actual, 'differs');
}
