import { ANY_ORIGIN_HEADERS } from './cors.js';
import type { KeenError } from './errors.js';
import type { CoreResponse } from './types.js';

const JSON_TYPE = 'application/json; charset=utf-8';

/** Browsers must never serve a recording pixel or script from their cache. */
export const NO_STORE = { 'Cache-Control': 'no-cache, no-store, must-revalidate' };

/** A 1×1 transparent GIF, 43 bytes. */
const TRANSPARENT_GIF = Buffer.from(
  'R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==',
  'base64',
);

/** JavaScript identifiers joined by dots, such as `keenJSONPCallback123` or `Keen.callbacks.cb1`. */
const CALLBACK_PATTERN = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;

export function isValidCallback(callback: string | null): callback is string {
  return callback !== null && callback.length <= 256 && CALLBACK_PATTERN.test(callback);
}

export function jsonReply(
  status: number,
  body: unknown,
  headers: Record<string, string>,
): CoreResponse {
  return { status, headers: jsonHeaders(headers), body: JSON.stringify(body) };
}

/** `{"created":true}`, Keen's reply to an accepted single event, serialized once. */
const CREATED_BODY = JSON.stringify({ created: true });

/** Headers of a JSON reply to a request without `Origin`, the most common case, built once. */
const ANY_ORIGIN_JSON_HEADERS = Object.freeze({ ...ANY_ORIGIN_HEADERS, 'Content-Type': JSON_TYPE });

/** Add the JSON content type to CORS headers; reply headers are never changed after this. */
function jsonHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return headers === ANY_ORIGIN_HEADERS
    ? ANY_ORIGIN_JSON_HEADERS
    : { ...headers, 'Content-Type': JSON_TYPE };
}

export function createdReply(headers: Readonly<Record<string, string>>): CoreResponse {
  return { status: 201, headers: jsonHeaders(headers), body: CREATED_BODY };
}

export function errorReply(error: KeenError, headers: Record<string, string>): CoreResponse {
  return jsonReply(error.status, error.toBody(), headers);
}

/** Build a JSONP reply: always 200, calling `callback` with the body a POST would have returned. */
export function jsonpReply(
  callback: string,
  body: unknown,
  headers: Record<string, string>,
): CoreResponse {
  return {
    status: 200,
    headers: { ...headers, ...NO_STORE, 'Content-Type': 'application/javascript; charset=utf-8' },
    body: `${callback}(${JSON.stringify(body)});`,
  };
}

export function gifReply(headers: Record<string, string>): CoreResponse {
  return {
    status: 200,
    headers: { ...headers, ...NO_STORE, 'Content-Type': 'image/gif' },
    body: TRANSPARENT_GIF,
  };
}

export function redirectReply(location: string, headers: Record<string, string>): CoreResponse {
  return { status: 302, headers: { ...headers, ...NO_STORE, Location: location }, body: '' };
}

export function emptyReply(status: number, headers: Record<string, string>): CoreResponse {
  return { status, headers, body: '' };
}
