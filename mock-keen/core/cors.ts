import type { HeaderValue } from './types.js';

/** Headers every preflight allows, even when the browser does not ask for them. */
const BASE_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'keen-sdk'];

function firstValue(value: HeaderValue): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** CORS headers of a request without `Origin`, shared by all such requests and never changed. */
export const ANY_ORIGIN_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Access-Control-Allow-Origin': '*',
  Vary: 'Origin',
});

/**
 * Build the CORS headers carried by every response. The origin is echoed rather than `*` because
 * sendBeacon sends credentials, and browsers reject `*` together with credentials.
 */
export function corsHeaders(
  headers: Record<string, HeaderValue>,
): Readonly<Record<string, string>> {
  const origin = firstValue(headers.origin);
  if (origin === undefined || origin === '') return ANY_ORIGIN_HEADERS;
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    Vary: 'Origin',
  };
}

/** Build the headers of a preflight reply: the common ones plus methods, headers and max age. */
export function preflightHeaders(headers: Record<string, HeaderValue>): Record<string, string> {
  const requested = (firstValue(headers['access-control-request-headers']) ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');

  const allowed = [...BASE_ALLOWED_HEADERS];
  const seen = new Set(allowed.map((name) => name.toLowerCase()));
  for (const name of requested) {
    if (!seen.has(name.toLowerCase())) {
      seen.add(name.toLowerCase());
      allowed.push(name);
    }
  }

  return {
    ...corsHeaders(headers),
    'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS, HEAD',
    'Access-Control-Allow-Headers': allowed.join(', '),
    'Access-Control-Max-Age': '86400',
  };
}
