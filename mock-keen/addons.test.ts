import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createMockCore } from './core/core.js';
import {
  PROJECT,
  PROJECT_ID,
  WRITE_KEY,
  eventsUrl,
  startTestMock,
  type TestMock,
} from './test-support.js';

let mock: TestMock;

beforeAll(async () => {
  mock = await startTestMock();
});

afterAll(async () => {
  await mock.close();
});

const USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

/** The add-ons keen-tracking's auto-collector declares. */
const AUTO_COLLECTOR_ADDONS = [
  { name: 'keen:ua_parser', input: { ua_string: 'user_agent' }, output: 'tech' },
  { name: 'keen:url_parser', input: { url: 'url.full' }, output: 'url.info' },
  { name: 'keen:url_parser', input: { url: 'referrer.full' }, output: 'referrer.info' },
  { name: 'keen:date_time_parser', input: { date_time: 'keen.timestamp' }, output: 'time.utc' },
  { name: 'keen:ip_to_geo', input: { ip: 'ip_address', remove_ip_property: true }, output: 'geo' },
];

async function recordAndReadStored(
  event: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const response = await fetch(eventsUrl(mock, 'enriched'), {
    method: 'POST',
    headers: { Authorization: WRITE_KEY, 'User-Agent': USER_AGENT },
    body: JSON.stringify(event),
  });
  expect(response.status).toBe(201);
  return mock.core.journal.list('default').at(-1)!.stored!;
}

describe('add-ons over HTTP', () => {
  it('runs the auto-collector add-ons', async () => {
    const stored = await recordAndReadStored({
      user_agent: '${keen.user_agent}',
      ip_address: '${keen.ip}',
      url: { full: 'https://shop.test/a?x=1' },
      referrer: { full: null },
      tech: { profile: { cookies: true } },
      keen: { timestamp: '2024-03-05T06:07:08.009Z', addons: AUTO_COLLECTOR_ADDONS },
    });

    expect(stored.tech).toMatchObject({
      profile: { cookies: true },
      browser: { family: 'Chrome', major: 120 },
      os: { family: 'Linux' },
    });
    expect(stored.url).toEqual({
      full: 'https://shop.test/a?x=1',
      info: { protocol: 'https', domain: 'shop.test', path: '/a', query_string: { x: '1' } },
    });
    expect(stored.referrer).toEqual({
      full: null,
      info: { protocol: null, domain: null, path: null, anchor: null, query_string: null },
    });
    expect(stored.time).toEqual({
      utc: expect.objectContaining({
        year: 2024,
        month: 3,
        day_of_month: 5,
        hour: 6,
        millisecond: 9,
      }),
    });
    expect(stored.geo).toEqual({
      city: null,
      province: null,
      country: null,
      continent: null,
      postal_code: null,
      coordinates: null,
    });
    expect(stored.ip_address).toBeUndefined();
    expect((stored.keen as Record<string, unknown>).addons).toBeUndefined();
  });

  it('skips an add-on with a missing input', async () => {
    const stored = await recordAndReadStored({
      keen: {
        addons: [
          { name: 'keen:url_parser', input: { url: 'page.url' }, output: 'parsed_page_url' },
        ],
      },
    });

    expect(stored.parsed_page_url).toBeUndefined();
  });

  it('reads the server timestamp', async () => {
    const stored = await recordAndReadStored({
      keen: {
        addons: [
          { name: 'keen:date_time_parser', input: { date_time: 'keen.timestamp' }, output: 'when' },
        ],
      },
    });

    const { year, timezone_offset: offset } = stored.when as {
      year: number;
      timezone_offset: number;
    };
    expect(year).toBe(new Date((stored.keen as { timestamp: string }).timestamp).getUTCFullYear());
    expect(offset).toBe(0);
  });

  it('uses the configured geo table', () => {
    const core = createMockCore({
      ipGeo: {
        '203.0.113.9': {
          city: 'Lyon',
          province: null,
          country: 'France',
          continent: 'Europe',
          postal_code: null,
          coordinates: [4.8, 45.8],
        },
      },
    });
    core.registry.registerRun('default', [PROJECT]);

    const response = core.handle({
      method: 'POST',
      path: `/3.0/projects/${PROJECT_ID}/events/geo`,
      query: '',
      headers: { authorization: WRITE_KEY },
      rawBody: Buffer.from(
        JSON.stringify({
          ip_address: '${keen.ip}',
          keen: {
            addons: [{ name: 'keen:ip_to_geo', input: { ip: 'ip_address' }, output: 'geo' }],
          },
        }),
      ),
      clientIp: '203.0.113.9',
    });

    expect(response.status).toBe(201);
    const stored = core.store.events('default', PROJECT_ID, 'geo')[0];
    expect(stored.ip_address).toBe('203.0.113.9');
    expect(stored.geo).toMatchObject({ city: 'Lyon', country: 'France', coordinates: [4.8, 45.8] });
  });
});
