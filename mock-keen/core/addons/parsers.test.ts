import { describe, expect, it } from 'vitest';

import { parseDateTime } from './date-time-parser.js';
import { mergeAtPath } from '../paths.js';
import { parseReferrer } from './referrer-parser.js';
import { parseUserAgent } from './ua-parser.js';
import { parseUrl } from './url-parser.js';

const CHROME_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.109 Safari/537.36';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1';
const FIREFOX_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0';
const CHROME_ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36';
const CHROME_ANDROID_TABLET =
  'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const CHROME_OS =
  'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const EDGE_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91';

describe('url parser', () => {
  it('splits every part', () => {
    expect(parseUrl('https://shop.test:8443/cart/items?a=1&b=x%20y&a=2#top')).toEqual({
      protocol: 'https',
      domain: 'shop.test:8443',
      path: '/cart/items',
      anchor: 'top',
      query_string: { a: '2', b: 'x y' },
    });
  });

  it('leaves out missing parts', () => {
    expect(parseUrl('http://shop.test/')).toEqual({
      protocol: 'http',
      domain: 'shop.test',
      path: '/',
    });
  });

  it('gives null fields for a non-URL', () => {
    expect(parseUrl('not a url')).toEqual({
      protocol: null,
      domain: null,
      path: null,
      anchor: null,
      query_string: null,
    });
  });
});

describe('user agent parser', () => {
  const cases: Array<[string, string, object, object, object]> = [
    [
      'Chrome on macOS',
      CHROME_MAC,
      { family: 'Chrome', major: 120, minor: 0, patch: 6099 },
      { family: 'Mac OS X', major: 10, minor: 15, patch: 7, patch_minor: null },
      { family: 'Macintosh', type: 'desktop' },
    ],
    [
      'Safari on iPhone',
      SAFARI_IPHONE,
      { family: 'Mobile Safari', major: 17, minor: 1, patch: 2 },
      { family: 'iOS', major: 17, minor: 1, patch: 2, patch_minor: null },
      { family: 'iPhone', type: 'mobile' },
    ],
    [
      'Firefox on Windows',
      FIREFOX_WINDOWS,
      { family: 'Firefox', major: 121, minor: 0, patch: null },
      { family: 'Windows', major: 10, minor: null, patch: null, patch_minor: null },
      { family: 'Other', type: 'desktop' },
    ],
    [
      'Chrome on Android',
      CHROME_ANDROID,
      { family: 'Chrome', major: 120, minor: 0, patch: 6099 },
      { family: 'Android', major: 14, minor: null, patch: null, patch_minor: null },
      { family: 'Pixel 8', type: 'mobile' },
    ],
    [
      'Chrome on an Android tablet',
      CHROME_ANDROID_TABLET,
      { family: 'Chrome', major: 120, minor: 0, patch: 0 },
      { family: 'Android', major: 13, minor: null, patch: null, patch_minor: null },
      { family: 'SM-X700', type: 'tablet' },
    ],
    [
      'Chrome on Chrome OS',
      CHROME_OS,
      { family: 'Chrome', major: 120, minor: 0, patch: 0 },
      { family: 'Chrome OS', major: 14541, minor: 0, patch: 0, patch_minor: null },
      { family: 'Other', type: 'desktop' },
    ],
    [
      'Edge on Windows',
      EDGE_WINDOWS,
      { family: 'Edge', major: 120, minor: 0, patch: 2210 },
      { family: 'Windows', major: 10, minor: null, patch: null, patch_minor: null },
      { family: 'Other', type: 'desktop' },
    ],
  ];

  for (const [name, userAgent, browser, os, device] of cases) {
    it(`parses ${name}`, () => {
      const parsed = parseUserAgent(userAgent);

      expect(parsed.browser).toEqual(browser);
      expect(parsed.os).toEqual(os);
      expect(parsed.device).toEqual(device);
    });
  }

  for (const unknown of [
    'curl/8.0',
    'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    '',
  ]) {
    it(`gives Other for ${JSON.stringify(unknown)}`, () => {
      expect(parseUserAgent(unknown)).toEqual({
        device: { family: 'Other' },
        browser: { family: 'Other', major: null, minor: null, patch: null },
        os: { family: 'Other', major: null, minor: null, patch: null, patch_minor: null },
      });
    });
  }

  it('gives the same output twice', () => {
    expect(parseUserAgent(SAFARI_IPHONE)).toEqual(parseUserAgent(SAFARI_IPHONE));
  });

  it('gives null fields for a non-string', () => {
    expect(parseUserAgent(42)).toEqual({
      device: { family: null },
      browser: { family: null, major: null, minor: null, patch: null },
      os: { family: null, major: null, minor: null, patch: null, patch_minor: null },
    });
  });
});

describe('referrer parser', () => {
  const page = 'https://shop.test/product';
  const cases: Array<[string, unknown, object]> = [
    ['internal', 'https://shop.test/home', { medium: 'INTERNAL', source: null, term: null }],
    [
      'Google search',
      'https://www.google.co.uk/search?q=red+shoes',
      { medium: 'SEARCH', source: 'Google', term: 'red shoes' },
    ],
    [
      'Bing without a term',
      'https://www.bing.com/',
      { medium: 'SEARCH', source: 'Bing', term: null },
    ],
    ['Gmail', 'https://mail.google.com/mail/u/0', { medium: 'EMAIL', source: 'Gmail', term: null }],
    [
      'Facebook',
      'https://m.facebook.com/story',
      { medium: 'SOCIAL', source: 'Facebook', term: null },
    ],
    ['another site', 'https://blog.example/post', { medium: 'UNKNOWN', source: null, term: null }],
    ['an empty referrer', '', { medium: null, source: null, term: null }],
    ['a null referrer', null, { medium: null, source: null, term: null }],
  ];

  for (const [name, referrer, expected] of cases) {
    it(`classifies ${name}`, () => {
      expect(parseReferrer(referrer, page)).toEqual(expected);
    });
  }
});

describe('date-time parser', () => {
  it('uses the input offset', () => {
    expect(parseDateTime('2024-12-29T23:30:05.250-05:00')).toEqual({
      millisecond: 250,
      second: 5,
      minute: 30,
      hour: 23,
      day_of_week: 7,
      day_of_week_string: 'Sunday',
      day_of_month: 29,
      week: 52,
      month: 12,
      year: 2024,
      timezone_offset: -300,
    });
  });

  it('reads Z as UTC', () => {
    expect(parseDateTime('2024-12-30T00:00:00.000Z')).toMatchObject({
      day_of_week: 1,
      day_of_week_string: 'Monday',
      week: 1,
      timezone_offset: 0,
    });
  });

  it('gives null fields for a non-date', () => {
    expect(parseDateTime('soon').year).toBeNull();
    expect(parseDateTime(17).hour).toBeNull();
  });
});

describe('output merge', () => {
  it('keeps keys it does not write', () => {
    const event: Record<string, unknown> = { tech: { profile: { screen: 1 } } };
    mergeAtPath(event, 'tech', { browser: { family: 'Chrome' } });

    expect(event.tech).toEqual({ profile: { screen: 1 }, browser: { family: 'Chrome' } });
  });

  it('creates intermediate objects', () => {
    const event: Record<string, unknown> = { url: 'https://x.test' };
    mergeAtPath(event, 'url.info', { path: '/' });

    expect(event.url).toEqual({ info: { path: '/' } });
  });
});
