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
  // The text itself is returned when it contains no key, so a kept body can share the parsed text.
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

type RequestFields = Pick<JournalRecord, 'requestId' | 'runId' | 'path' | 'status' | 'receivedAt'>;

/**
 * A write request as received, kept in memory and redacted each time it is read. Redacting every
 * request on arrival took about a tenth of a single-event write. The headers object is the
 * request's own, and nothing changes it after the request is handled.
 */
export class CapturedRequest {
  readonly requestId: string;
  readonly runId: string;
  readonly path: string;
  readonly status: number;
  readonly receivedAt: string;
  private readonly method: string;
  private readonly query: string;
  private readonly headers: CoreRequest['headers'];
  /** The body as UTF-8 text, or a copy of its bytes when they are not valid UTF-8. */
  private readonly body: string | Buffer;

  constructor(request: CoreRequest, record: RequestFields, bodyText?: string) {
    this.requestId = record.requestId;
    this.runId = record.runId;
    this.path = record.path;
    this.status = record.status;
    this.receivedAt = record.receivedAt;
    this.method = request.method;
    this.query = request.query;
    this.headers = request.headers;
    this.body = bodyText ?? decodeOrCopy(request.rawBody);
  }

  /** Build the raw request with its keys redacted. */
  toRawRequest(): RawRequest {
    const presented = findPresentedKey(this.headers, new URLSearchParams(this.query));
    const key = presented?.key ?? null;

    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(this.headers)) {
      if (value === undefined) continue;
      const text = Array.isArray(value) ? value.join(', ') : value;
      headers[name] = name === 'authorization' ? REDACTED : scrub(text, key);
    }

    const body: Pick<RawRequest, 'body' | 'bodyEncoding'> =
      typeof this.body === 'string'
        ? { body: scrub(this.body, key), bodyEncoding: 'utf8' }
        : { body: this.body.toString('base64'), bodyEncoding: 'base64' };
    return {
      requestId: this.requestId,
      runId: this.runId,
      method: this.method,
      path: this.path,
      query: scrub(redactQuery(this.query), key),
      headers,
      ...body,
      status: this.status,
      receivedAt: this.receivedAt,
    };
  }
}

/** A raw request as storage keeps it: redacted already, or captured and redacted when read. */
export type KeptRequest = RawRequest | CapturedRequest;

/** Return a kept raw request in its redacted form. */
export function toRawRequest(kept: KeptRequest): RawRequest {
  return kept instanceof CapturedRequest ? kept.toRawRequest() : kept;
}

function decodeOrCopy(rawBody: Buffer): string | Buffer {
  try {
    return utf8.decode(rawBody);
  } catch {
    return Buffer.from(rawBody);
  }
}

/**
 * Build the raw request kept beside the journal records of one write request. The key is removed
 * from `Authorization` and `api_key`, and scrubbed from every other header, the query and a UTF-8 body.
 * `bodyText`, when given, is the body already decoded as UTF-8.
 */
export function captureRawRequest(
  request: CoreRequest,
  record: RequestFields,
  bodyText?: string,
): RawRequest {
  return new CapturedRequest(request, record, bodyText).toRawRequest();
}
