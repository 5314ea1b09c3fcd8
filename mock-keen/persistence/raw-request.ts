import { findPresentedKey } from '../core/auth.js';
import type { CoreRequest, JournalRecord, RawRequest } from '../core/types.js';

/** Replacement of a key wherever a request is kept or shown. */
export const REDACTED = 'REDACTED';

/**
 * Shortest key that is also scrubbed from header values, the query and the body. A shorter key
 * would match ordinary text; it is still redacted from `Authorization` and `api_key`.
 */
const MIN_SCRUBBED_KEY_LENGTH = 6;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Replace every occurrence of `key` in `text`, when the key is long enough to be distinguished from text. */
function scrub(text: string, key: string | null): string {
  // The text itself is returned when it holds no key, so a kept body can share the parsed text.
  if (key === null || key.length < MIN_SCRUBBED_KEY_LENGTH || !text.includes(key)) return text;
  return text.split(key).join(REDACTED);
}

/** Replace the values of `api_key` in a raw query string, leaving every other byte as sent. */
export function redactQuery(query: string): string {
  if (query === '') return query;
  return query
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals === -1 ? pair : pair.slice(0, equals);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // A name that is not valid percent-encoding is kept as sent.
      }
      return decoded === 'api_key' ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
}

function readBody(
  rawBody: Buffer,
  key: string | null,
  bodyText: string | undefined,
): Pick<RawRequest, 'body' | 'bodyEncoding'> {
  try {
    return { body: scrub(bodyText ?? utf8.decode(rawBody), key), bodyEncoding: 'utf8' };
  } catch {
    return { body: rawBody.toString('base64'), bodyEncoding: 'base64' };
  }
}

/**
 * Build the raw request kept beside the journal records of one write request. The key is removed
 * from `Authorization` and `api_key`, and scrubbed from every other header, the query and a UTF-8 body.
 * `bodyText`, when given, is the body already decoded as UTF-8.
 */
export function captureRawRequest(
  request: CoreRequest,
  record: Pick<JournalRecord, 'requestId' | 'runId' | 'path' | 'status' | 'receivedAt'>,
  bodyText?: string,
): RawRequest {
  const presented = findPresentedKey(request.headers, new URLSearchParams(request.query));
  const key = presented?.key ?? null;

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    headers[name] = name === 'authorization' ? REDACTED : scrub(text, key);
  }

  return {
    requestId: record.requestId,
    runId: record.runId,
    method: request.method,
    path: record.path,
    query: scrub(redactQuery(request.query), key),
    headers,
    ...readBody(request.rawBody, key, bodyText),
    status: record.status,
    receivedAt: record.receivedAt,
  };
}
