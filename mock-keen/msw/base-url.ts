/** Keen's production API origin, which clients use when no host is configured. */
export const DEFAULT_BASE_URLS: readonly string[] = ['https://api.keen.io'];

/** A base URL the handlers serve: Keen's `/3.0/…` routes live under `origin` + `prefix`. */
export interface KeenBase {
  origin: string;
  /** A path prefix without a trailing slash, removed from the path before the core handles it; often empty. */
  prefix: string;
  /** The MSW path pattern matching every request under the base. */
  pattern: string;
}

/** The Keen path and query of a request URL. */
export interface KeenLocation {
  /** The path as the core expects it, such as `/3.0/projects/p/events/c` or `/runs/r/3.0/…`, still percent-encoded. */
  path: string;
  /** The raw query string, without the leading `?`. */
  query: string;
}

/**
 * Parse a base URL such as `https://api.keen.io` or `http://keen.test/proxy`. A trailing `/3.0` is
 * dropped, so a client's API base such as `https://api.keen.io/3.0` names the same routes.
 */
export function parseBaseUrl(baseUrl: string): KeenBase {
  if (!URL.canParse(baseUrl)) {
    throw new Error(
      `Keen base URL ${JSON.stringify(baseUrl)} is not an absolute URL: use a form such as https://api.keen.io.`,
    );
  }
  const url = new URL(baseUrl);
  if (url.search !== '' || url.hash !== '') {
    throw new Error(`Keen base URL ${JSON.stringify(baseUrl)} must not have a query or fragment.`);
  }

  const prefix = url.pathname.replace(/\/+$/, '').replace(/\/3\.0$/, '');
  return { origin: url.origin, prefix, pattern: `${url.origin}${prefix}/*` };
}

/** Find the Keen path and query of `requestUrl` under the first base that contains it; null when none does. */
export function locateRequest(requestUrl: string, bases: readonly KeenBase[]): KeenLocation | null {
  const url = new URL(requestUrl);
  const query = url.search.slice(1);
  for (const base of bases) {
    if (url.origin !== base.origin) continue;
    if (base.prefix === '') return { path: url.pathname, query };
    if (url.pathname.startsWith(`${base.prefix}/`))
      return { path: url.pathname.slice(base.prefix.length), query };
  }
  return null;
}
