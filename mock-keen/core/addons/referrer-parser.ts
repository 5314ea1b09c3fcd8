/** Output of `keen:referrer_parser`. */
export interface ParsedReferrer {
  medium: 'INTERNAL' | 'SEARCH' | 'EMAIL' | 'SOCIAL' | 'UNKNOWN' | null;
  source: string | null;
  term: string | null;
}

/** A known referrer host: `domain` matches itself and its subdomains. */
interface KnownHost {
  domain: RegExp;
  source: string;
  /** The query parameter holding the search term, for search engines. */
  termParameter?: string;
}

const SEARCH_HOSTS: KnownHost[] = [
  { domain: /(^|\.)google\.[a-z]{2,3}(\.[a-z]{2})?$/, source: 'Google', termParameter: 'q' },
  { domain: /(^|\.)bing\.com$/, source: 'Bing', termParameter: 'q' },
  { domain: /(^|\.)search\.yahoo\.com$/, source: 'Yahoo!', termParameter: 'p' },
  { domain: /(^|\.)duckduckgo\.com$/, source: 'DuckDuckGo', termParameter: 'q' },
  { domain: /(^|\.)baidu\.com$/, source: 'Baidu', termParameter: 'wd' },
  { domain: /(^|\.)yandex\.(ru|com)$/, source: 'Yandex', termParameter: 'text' },
];

const EMAIL_HOSTS: KnownHost[] = [
  { domain: /(^|\.)mail\.google\.com$/, source: 'Gmail' },
  { domain: /(^|\.)outlook\.(live|office)\.com$/, source: 'Outlook.com' },
  { domain: /(^|\.)mail\.yahoo\.com$/, source: 'Yahoo! Mail' },
];

const SOCIAL_HOSTS: KnownHost[] = [
  { domain: /(^|\.)facebook\.com$/, source: 'Facebook' },
  { domain: /(^|\.)(twitter\.com|t\.co|x\.com)$/, source: 'Twitter' },
  { domain: /(^|\.)linkedin\.com$/, source: 'LinkedIn' },
  { domain: /(^|\.)instagram\.com$/, source: 'Instagram' },
  { domain: /(^|\.)reddit\.com$/, source: 'Reddit' },
  { domain: /(^|\.)pinterest\.com$/, source: 'Pinterest' },
  { domain: /(^|\.)youtube\.com$/, source: 'YouTube' },
];

const UNPARSED: ParsedReferrer = { medium: null, source: null, term: null };

function findHost(hosts: KnownHost[], hostname: string): KnownHost | undefined {
  return hosts.find((host) => host.domain.test(hostname));
}

/** Classify a referrer against the page it led to, with fixed lists of search, email and social hosts. */
export function parseReferrer(referrerUrl: unknown, pageUrl: unknown): ParsedReferrer {
  if (typeof referrerUrl !== 'string' || !URL.canParse(referrerUrl)) return { ...UNPARSED };
  const referrer = new URL(referrerUrl);
  const page = typeof pageUrl === 'string' && URL.canParse(pageUrl) ? new URL(pageUrl) : null;
  const hostname = referrer.hostname.toLowerCase();

  if (page !== null && page.host.toLowerCase() === referrer.host.toLowerCase()) {
    return { medium: 'INTERNAL', source: null, term: null };
  }
  // Email hosts come first because mail.google.com would otherwise match Google search.
  const email = findHost(EMAIL_HOSTS, hostname);
  if (email !== undefined) return { medium: 'EMAIL', source: email.source, term: null };

  const search = findHost(SEARCH_HOSTS, hostname);
  if (search !== undefined) {
    return {
      medium: 'SEARCH',
      source: search.source,
      term: referrer.searchParams.get(search.termParameter as string),
    };
  }
  const social = findHost(SOCIAL_HOSTS, hostname);
  if (social !== undefined) return { medium: 'SOCIAL', source: social.source, term: null };

  return { medium: 'UNKNOWN', source: null, term: null };
}
