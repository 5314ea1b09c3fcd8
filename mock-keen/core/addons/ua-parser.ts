/** Output of `keen:ua_parser`. Versions are numbers, or null when the string does not carry them. */
export interface ParsedUserAgent {
  device: { family: string | null; type?: string };
  browser: { family: string | null; major: number | null; minor: number | null; patch: number | null };
  os: { family: string | null; major: number | null; minor: number | null; patch: number | null; patch_minor: number | null };
}

/** The output for an input that is not a string. */
const UNPARSED: ParsedUserAgent = {
  device: { family: null },
  browser: { family: null, major: null, minor: null, patch: null },
  os: { family: null, major: null, minor: null, patch: null, patch_minor: null },
};

type Versions = [number | null, number | null, number | null];

/** A fixed pattern: the first that matches names the family, its groups give the version. */
interface Pattern {
  family: string;
  regex: RegExp;
}

const BROWSERS: Pattern[] = [
  { family: 'Googlebot', regex: /Googlebot\/(\d+)\.(\d+)/ },
  { family: 'Edge', regex: /Edg(?:e|A|iOS)?\/(\d+)\.(\d+)(?:\.(\d+))?/ },
  { family: 'Opera', regex: /OPR\/(\d+)\.(\d+)(?:\.(\d+))?/ },
  { family: 'Samsung Internet', regex: /SamsungBrowser\/(\d+)\.(\d+)/ },
  { family: 'HeadlessChrome', regex: /HeadlessChrome\/(\d+)\.(\d+)\.(\d+)/ },
  { family: 'Chrome Mobile iOS', regex: /CriOS\/(\d+)\.(\d+)\.(\d+)/ },
  { family: 'Chrome Mobile', regex: /Chrome\/(\d+)\.(\d+)\.(\d+)[^ ]* Mobile/ },
  { family: 'Chrome', regex: /Chrome\/(\d+)\.(\d+)\.(\d+)/ },
  { family: 'Firefox iOS', regex: /FxiOS\/(\d+)\.(\d+)(?:\.(\d+))?/ },
  { family: 'Firefox', regex: /Firefox\/(\d+)\.(\d+)(?:\.(\d+))?/ },
  { family: 'Mobile Safari', regex: /Version\/(\d+)\.(\d+)(?:\.(\d+))?.* Mobile\/\S+ Safari/ },
  { family: 'Safari', regex: /Version\/(\d+)\.(\d+)(?:\.(\d+))? Safari/ },
  { family: 'IE', regex: /MSIE (\d+)\.(\d+)/ },
  { family: 'IE', regex: /Trident\/.*rv:(\d+)\.(\d+)/ },
];

const OPERATING_SYSTEMS: Pattern[] = [
  { family: 'iOS', regex: /(?:iPhone|iPad|iPod).* OS (\d+)_(\d+)(?:_(\d+))?/ },
  { family: 'Android', regex: /Android (\d+)(?:\.(\d+))?(?:\.(\d+))?/ },
  { family: 'Chrome OS', regex: /CrOS \S+ (\d+)\.(\d+)\.(\d+)/ },
  { family: 'Mac OS X', regex: /Mac OS X (\d+)[_.](\d+)(?:[_.](\d+))?/ },
  { family: 'Windows', regex: /Windows NT (\d+)\.(\d+)/ },
  { family: 'Linux', regex: /Linux/ },
];

const DESKTOP_SYSTEMS = new Set(['Windows', 'Mac OS X', 'Linux', 'Chrome OS']);

function versionsOf(match: RegExpExecArray): Versions {
  const toNumber = (group: string | undefined): number | null => (group === undefined ? null : Number(group));
  return [toNumber(match[1]), toNumber(match[2]), toNumber(match[3])];
}

function matchFirst(patterns: Pattern[], userAgent: string): { family: string; versions: Versions } {
  for (const { family, regex } of patterns) {
    const match = regex.exec(userAgent);
    if (match !== null) return { family, versions: versionsOf(match) };
  }
  return { family: 'Other', versions: [null, null, null] };
}

function detectDevice(userAgent: string, osFamily: string, browserFamily: string): ParsedUserAgent['device'] {
  if (browserFamily === 'Googlebot') return { family: 'Spider' };
  if (/iPhone|iPod/.test(userAgent)) return { family: 'iPhone', type: 'mobile' };
  if (/iPad/.test(userAgent)) return { family: 'iPad', type: 'tablet' };
  if (osFamily === 'Android') {
    return /Mobile/.test(userAgent) ? { family: 'Generic Smartphone', type: 'mobile' } : { family: 'Generic Tablet', type: 'tablet' };
  }
  if (DESKTOP_SYSTEMS.has(osFamily)) return { family: 'Other', type: 'desktop' };
  return { family: 'Other' };
}

/**
 * Parse a User-Agent string with a small fixed pattern list, so results never change between runs.
 * An unrecognised string gives family `Other`, null versions and no device type.
 */
export function parseUserAgent(value: unknown): ParsedUserAgent {
  if (typeof value !== 'string') return structuredClone(UNPARSED);

  const browser = matchFirst(BROWSERS, value);
  const os = matchFirst(OPERATING_SYSTEMS, value);
  const [browserMajor, browserMinor, browserPatch] = browser.versions;
  const [osMajor, osMinor, osPatch] = os.versions;
  return {
    device: detectDevice(value, os.family, browser.family),
    browser: { family: browser.family, major: browserMajor, minor: browserMinor, patch: browserPatch },
    os: { family: os.family, major: osMajor, minor: osMinor, patch: osPatch, patch_minor: null },
  };
}
