import { UAParser } from 'ua-parser-js';

/** Output of `keen:ua_parser`. Versions are numbers, or null when the string does not carry them. */
export interface ParsedUserAgent {
  device: { family: string | null; type?: string };
  browser: {
    family: string | null;
    major: number | null;
    minor: number | null;
    patch: number | null;
  };
  os: {
    family: string | null;
    major: number | null;
    minor: number | null;
    patch: number | null;
    patch_minor: number | null;
  };
}

/** The output for an input that is not a string. */
const UNPARSED: ParsedUserAgent = {
  device: { family: null },
  browser: { family: null, major: null, minor: null, patch: null },
  os: { family: null, major: null, minor: null, patch: null, patch_minor: null },
};

/**
 * Operating system names that differ between ua-parser-js and the uap-core names Keen's
 * enrichment reported; the uap-core name is used.
 */
const OS_FAMILIES: Record<string, string> = {
  'Mac OS': 'Mac OS X',
  'Chromium OS': 'Chrome OS',
};

/** Operating systems whose devices count as desktops when ua-parser-js names no device type. */
const DESKTOP_SYSTEMS = new Set([
  'Windows',
  'Mac OS X',
  'Linux',
  'Chrome OS',
  'Ubuntu',
  'Debian',
  'Fedora',
  'FreeBSD',
]);

/** Split a dotted version into `count` numbers; a missing or non-numeric part is null. */
function splitVersion(version: string | undefined, count: number): Array<number | null> {
  const parts = (version ?? '').split('.');
  return Array.from({ length: count }, (_, index) => {
    const part = parts[index];
    return part !== undefined && /^\d+$/.test(part) ? Number(part) : null;
  });
}

/**
 * Parse a User-Agent string with ua-parser-js 1.0.41 (pinned, so results never change between runs)
 * and map its result to Keen's fields. An unrecognised string gives family `Other`, null versions
 * and no device type.
 */
export function parseUserAgent(value: unknown): ParsedUserAgent {
  if (typeof value !== 'string') return structuredClone(UNPARSED);
  const result = new UAParser(value).getResult();

  const [browserMajor, browserMinor, browserPatch] = splitVersion(result.browser.version, 3);
  const osName = result.os.name;
  const osFamily = osName === undefined ? 'Other' : (OS_FAMILIES[osName] ?? osName);
  const [osMajor, osMinor, osPatch, osPatchMinor] = splitVersion(result.os.version, 4);

  const device: ParsedUserAgent['device'] = { family: result.device.model ?? 'Other' };
  const deviceType = result.device.type ?? (DESKTOP_SYSTEMS.has(osFamily) ? 'desktop' : undefined);
  if (deviceType !== undefined) device.type = deviceType;

  return {
    device,
    browser: {
      family: result.browser.name ?? 'Other',
      major: browserMajor,
      minor: browserMinor,
      patch: browserPatch,
    },
    os: {
      family: osFamily,
      major: osMajor,
      minor: osMinor,
      patch: osPatch,
      patch_minor: osPatchMinor,
    },
  };
}
