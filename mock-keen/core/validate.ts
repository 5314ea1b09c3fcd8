import { checkAddonDeclarations } from './addons/declaration.js';
import { isJsonObject } from './decode.js';
import { KeenError } from './errors.js';

/** Maximum length of a collection or property name, in Unicode code points. */
const MAX_NAME_LENGTH = 256;

/** Largest event, in UTF-8 bytes of its JSON. */
export const MAX_EVENT_BYTES = 900_000;

/** Largest batch request body, in bytes. */
export const MAX_BATCH_BYTES = 10_000_000;

/** An ISO-8601 date, or date and time with an optional fraction and offset. */
const ISO_8601 =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

const KEEN_PROPERTIES = new Set([
  'timestamp',
  'addons',
  'location',
  'uniqueness_token',
  'created_at',
  'id',
]);

function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

/** Check a collection name: non-empty, at most 256 characters, no leading `$`. */
export function checkCollectionName(collection: string): KeenError | null {
  if (collection === '') {
    return new KeenError('InvalidCollectionNameError', 'The collection name is empty.');
  }
  if (collection.startsWith('$')) {
    return new KeenError(
      'InvalidCollectionNameError',
      `Collection name ${JSON.stringify(collection)} starts with $.`,
    );
  }
  if (collection.length > MAX_NAME_LENGTH && codePointLength(collection) > MAX_NAME_LENGTH) {
    return new KeenError(
      'InvalidCollectionNameError',
      `Collection name is longer than ${MAX_NAME_LENGTH} characters.`,
    );
  }
  return null;
}

/** Read two ASCII digits at `at` as a number, or -1 when either is not a digit. */
function twoDigits(text: string, at: number): number {
  const high = text.charCodeAt(at) - 48;
  const low = text.charCodeAt(at + 1) - 48;
  return high >= 0 && high <= 9 && low >= 0 && low <= 9 ? high * 10 + low : -1;
}

/**
 * Judge the form `Date.prototype.toISOString` gives, `YYYY-MM-DDTHH:MM:SS.sssZ`, by its fields, as
 * `Date.parse` judges it: month 1–12, day 1–31, hour 0–24 (24 only at 24:00:00.000), minute and
 * second 0–59. Returns null for any other form. `Date.parse` took about a tenth of a batch write.
 */
function judgeClientForm(text: string): boolean | null {
  if (
    text.length !== 24 ||
    text[4] !== '-' ||
    text[7] !== '-' ||
    text[10] !== 'T' ||
    text[13] !== ':' ||
    text[16] !== ':' ||
    text[19] !== '.' ||
    text[23] !== 'Z'
  ) {
    return null;
  }

  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  const millisHigh = twoDigits(text, 20);
  const millisLow = text.charCodeAt(22) - 48;
  if (
    twoDigits(text, 0) < 0 ||
    twoDigits(text, 2) < 0 ||
    Math.min(month, day, hour, minute, second, millisHigh) < 0 ||
    millisLow < 0 ||
    millisLow > 9
  ) {
    return null;
  }

  if (month < 1 || month > 12 || day < 1 || day > 31 || minute > 59 || second > 59) return false;
  if (hour === 24) return minute === 0 && second === 0 && millisHigh === 0 && millisLow === 0;
  return hour < 24;
}

/** Check that `text` is an ISO-8601 timestamp that names a real date. */
export function isIsoTimestamp(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  return (
    judgeClientForm(text) ??
    (ISO_8601.test(text) && !Number.isNaN(Date.parse(text.replace(',', '.'))))
  );
}

function checkKeenNamespace(keen: unknown): KeenError | null {
  if (!isJsonObject(keen)) {
    return new KeenError('NamespaceTypeError', 'The keen property must be an object.');
  }
  for (const name of Object.keys(keen)) {
    if (!KEEN_PROPERTIES.has(name)) {
      return new KeenError(
        'InvalidKeenNamespaceProperty',
        `keen.${name} is not allowed: the keen object takes timestamp, addons, location and uniqueness_token.`,
      );
    }
  }
  if (Object.hasOwn(keen, 'timestamp') && !isIsoTimestamp(keen.timestamp)) {
    return new KeenError(
      'InvalidPropertyValueError',
      `keen.timestamp ${JSON.stringify(keen.timestamp)} is not an ISO-8601 string.`,
    );
  }
  if (Object.hasOwn(keen, 'addons')) return checkAddonDeclarations(keen.addons);
  return null;
}

function checkPropertyName(name: string, parentPath: string): KeenError | null {
  let reason: string | null = null;
  if (name === '') reason = 'is empty';
  else if (name.includes('.')) reason = 'contains a dot';
  else if (name.startsWith('$')) reason = 'starts with $';
  else if (name.length > MAX_NAME_LENGTH && codePointLength(name) > MAX_NAME_LENGTH) {
    reason = `is longer than ${MAX_NAME_LENGTH} characters`;
  }
  if (reason === null) return null;
  const where = parentPath === '' ? 'at the top level' : `under ${parentPath}`;
  return new KeenError(
    'InvalidPropertyNameError',
    `Property name ${JSON.stringify(name)} ${where} ${reason}.`,
  );
}

function isValidPropertyName(name: string): boolean {
  return (
    name !== '' &&
    !name.includes('.') &&
    !name.startsWith('$') &&
    !(name.length > MAX_NAME_LENGTH && codePointLength(name) > MAX_NAME_LENGTH)
  );
}

/** Check whether every property name within `value` is valid, building no paths. */
function hasValidNamesWithin(value: unknown): boolean {
  if (Array.isArray(value)) {
    for (const item of value) if (!hasValidNamesWithin(item)) return false;
    return true;
  }
  if (!isJsonObject(value)) return true;
  for (const name in value) {
    if (!isValidPropertyName(name) || !hasValidNamesWithin(value[name])) return false;
  }
  return true;
}

/**
 * Check property names at every depth, inside arrays too, skipping the top-level `keen` namespace.
 * A first pass without paths clears a valid event; only an invalid one is walked again with paths
 * for its error message.
 */
function checkPropertyNames(event: Record<string, unknown>): KeenError | null {
  let valid = true;
  for (const name in event) {
    if (name === 'keen') continue;
    if (!isValidPropertyName(name) || !hasValidNamesWithin(event[name])) {
      valid = false;
      break;
    }
  }
  if (valid) return null;

  const pending: Array<{ value: unknown; path: string }> = [];
  for (const [name, value] of Object.entries(event)) {
    if (name === 'keen') continue;
    const error = checkPropertyName(name, '');
    if (error !== null) return error;
    pending.push({ value, path: name });
  }

  while (pending.length > 0) {
    const { value, path } = pending.pop()!;
    if (Array.isArray(value)) {
      value.forEach((item, index) => pending.push({ value: item, path: `${path}[${index}]` }));
    } else if (isJsonObject(value)) {
      for (const [name, child] of Object.entries(value)) {
        const error = checkPropertyName(name, path);
        if (error !== null) return error;
        pending.push({ value: child, path: `${path}.${name}` });
      }
    }
  }
  return null;
}

/**
 * Check one event in Keen's order (object, collection name, `keen` namespace, property names,
 * size); return the first error, or null. `size` computes the event's size only when needed.
 */
export function checkEvent(
  collection: string,
  event: unknown,
  size: () => number,
): KeenError | null {
  if (!isJsonObject(event)) {
    return new KeenError('InvalidEventError', 'The event must be a JSON object.');
  }
  const error =
    checkCollectionName(collection) ??
    (Object.hasOwn(event, 'keen') ? checkKeenNamespace(event.keen) : null) ??
    checkPropertyNames(event);
  if (error !== null) return error;

  if (size() > MAX_EVENT_BYTES) {
    return new KeenError(
      'RequestEntityTooLargeError',
      `The event is larger than ${MAX_EVENT_BYTES} bytes.`,
    );
  }
  return null;
}
