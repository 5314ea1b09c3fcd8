import { KeenError, type ErrorCode } from './errors.js';

/** Fatal decoding rejects invalid UTF-8; a leading byte-order mark is dropped. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

const BASE64_PATTERN = /^[A-Za-z0-9+/]*$/;

/**
 * Deepest nesting of arrays and objects a JSON body may have. Keen documents no such limit, but the
 * mock copies events recursively and serializes journal records with JSON.stringify, and both
 * overflow the call stack a few thousand levels down, so a deeper body is rejected as invalid.
 */
export const MAX_JSON_DEPTH = 1_000;

/**
 * Check whether `value` nests arrays and objects more than `maxDepth` levels deep. The recursion
 * stops one level below `maxDepth`, far from the call stack's limit, and allocates nothing, because
 * it runs on every event the mock receives.
 */
function nestsDeeperThan(value: unknown, maxDepth: number, depth = 1): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (depth > maxDepth) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (nestsDeeperThan(item, maxDepth, depth + 1)) return true;
    return false;
  }
  for (const key in value) {
    if (nestsDeeperThan((value as Record<string, unknown>)[key], maxDepth, depth + 1)) return true;
  }
  return false;
}

/** Decode raw bytes as UTF-8 text; invalid UTF-8 fails with `errorCode`. */
export function decodeUtf8(bytes: Uint8Array, errorCode: ErrorCode, what: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new KeenError(errorCode, `The ${what} is not valid UTF-8.`);
  }
}

/** Parse JSON text; invalid JSON and nesting deeper than MAX_JSON_DEPTH fail with `errorCode`. */
export function parseJsonText(text: string, errorCode: ErrorCode, what: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof SyntaxError ? `: ${error.message}` : '';
    throw new KeenError(errorCode, `The ${what} is not valid JSON${reason}.`);
  }
  if (nestsDeeperThan(value, MAX_JSON_DEPTH)) {
    throw new KeenError(
      errorCode,
      `The ${what} nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep.`,
    );
  }
  return value;
}

/**
 * Parse raw bytes as UTF-8 JSON, whatever the request's Content-Type. Invalid UTF-8, invalid JSON
 * and nesting deeper than MAX_JSON_DEPTH all fail with `errorCode`.
 */
export function parseJsonBytes(bytes: Uint8Array, errorCode: ErrorCode, what: string): unknown {
  return parseJsonText(decodeUtf8(bytes, errorCode, what), errorCode, what);
}

/**
 * Decode the base64 `data` query parameter into bytes. Both the standard and the URL-safe
 * alphabets are accepted, mixed or not, with or without padding. Query decoding turns a `+` into a
 * space, so spaces are turned back into `+` first.
 */
export function decodeDataParameter(data: string | null): Buffer {
  if (data === null || data === '') {
    throw new KeenError(
      'InvalidEventError',
      'The request has no `data` parameter: send the event as base64 JSON in `data`.',
    );
  }

  const unpadded = data.replace(/=+$/, '');
  const standard = unpadded.replace(/ /g, '+').replace(/-/g, '+').replace(/_/g, '/');
  if (!BASE64_PATTERN.test(standard) || standard.length % 4 === 1) {
    throw new KeenError('InvalidEventError', 'The `data` parameter is not valid base64.');
  }
  return Buffer.from(standard, 'base64');
}

/** Check that `value` is a JSON object: not an array and not null. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
