/** Output of `keen:url_parser`. */
export interface ParsedUrl {
  protocol?: string | null;
  domain?: string | null;
  path?: string | null;
  anchor?: string | null;
  query_string?: Record<string, string> | null;
}

const UNPARSED: ParsedUrl = {
  protocol: null,
  domain: null,
  path: null,
  anchor: null,
  query_string: null,
};

/**
 * Split a URL into Keen's fields. Parts the URL lacks are left out, and a value that is not an
 * absolute URL gives null in every field.
 */
export function parseUrl(value: unknown): ParsedUrl {
  if (typeof value !== 'string' || !URL.canParse(value)) return { ...UNPARSED };
  const url = new URL(value);

  const parsed: ParsedUrl = { protocol: url.protocol.replace(/:$/, '') };
  if (url.host !== '') parsed.domain = url.host;
  parsed.path = url.pathname;
  if (url.hash.length > 1) parsed.anchor = url.hash.slice(1);
  if (url.search.length > 1) {
    // The last value of a repeated parameter wins.
    parsed.query_string = Object.fromEntries(url.searchParams);
  }
  return parsed;
}
