import type { Browser } from '@playwright/test';
import { test, expect } from '../../harness/fixtures.js';
import type { DeviceOptions, KeenSettings, SegmentCall } from '../../schemas/generated/types.js';
import type { JournalRecord } from '../../mock-keen/index.js';
import { MockKeenClient } from '../../mock-keen/client.js';
import { runDevice } from '../../harness/device/run.js';
import { fillDefaults } from '../../harness/settings.js';
import type { DeviceRunOutput } from '../../harness/device/run.js';

const SENTINEL = 'device-test-sentinel';
const TIMESTAMP = '2024-05-01T12:00:00.000Z';

/** A valid project and write key. Every other setting takes its catalogue default. */
const KEYS = {
  projectId: '9181bcd23843312d87000000',
  writeKey: 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6',
};

interface RunOverrides {
  settings?: Partial<KeenSettings>;
  options?: DeviceOptions;
  sentinel?: string | null;
}

interface DeviceTestRun {
  output: DeviceRunOutput;
  /** Writes of the run without the sentinel, in receive order. */
  records: JournalRecord[];
}

let runCount = 0;

/** Registers a fresh run in the mock, runs the calls in device mode and returns the recorded writes. */
async function runCalls(
  browser: Browser,
  mockUrl: string,
  calls: SegmentCall[],
  overrides: RunOverrides = {},
): Promise<DeviceTestRun> {
  const settings = fillDefaults({ ...KEYS, ...overrides.settings });
  const runId = `device-e2e.${process.pid}.${++runCount}`;
  const mock = new MockKeenClient(mockUrl);
  const keys = [{ key: settings.writeKey, kind: 'write' as const }];
  if (settings.readKey) keys.push({ key: settings.readKey, kind: 'read' as const });
  await mock.registerRun(runId, [{ projectId: settings.projectId, keys }]);

  const output = await runDevice({
    browser,
    mockUrl,
    runId,
    settings,
    calls,
    options: overrides.options,
    sentinel: overrides.sentinel === undefined ? SENTINEL : overrides.sentinel,
    timeoutMs: 15_000,
  });
  const records = (await mock.records(runId)).filter((record) => record.collection !== SENTINEL);
  await mock.resetRun(runId);
  return { output, records };
}

function collections(records: JournalRecord[]): (string | null)[] {
  return records.map((record) => record.collection);
}

test.describe('device mode', () => {
  test('track sends one JSONP write', async ({ browser, mock }) => {
    const { output, records } = await runCalls(browser, mock.url, [
      {
        type: 'track',
        event: 'Purchased',
        properties: { item: 'T-Shirt', revenue: 19.99 },
        timestamp: TIMESTAMP,
      },
    ]);

    expect(output.loaded, 'the Keen IO destination should report loaded').toBe(true);
    expect(output.blockedRequests, 'no request should leave the routed hosts').toEqual([]);
    expect(output.pageErrors).toEqual([]);
    expect(collections(records)).toEqual(['Purchased']);
    expect(records[0].transport).toBe('jsonp');
    expect(records[0].method).toBe('GET');
    expect(records[0].keyLocation).toBe('query');
    expect(records[0].outcome).toBe('accepted');
    expect(records[0].body).toEqual({
      item: 'T-Shirt',
      revenue: 19.99,
      keen: { timestamp: TIMESTAMP, addons: [] },
    });
  });

  test('tracker bundle without read key', async ({ browser, mock }) => {
    const { output } = await runCalls(browser, mock.url, []);

    const keenScripts = output.requests.filter((line) =>
      line.includes('d26b395fwzu5fz.cloudfront.net'),
    );
    expect(keenScripts).toEqual([
      'GET https://d26b395fwzu5fz.cloudfront.net/3.4.0/keen-tracker.min.js',
    ]);
  });

  test('full bundle with read key', async ({ browser, mock }) => {
    const readKey = 'f6e5d4c3b2a1f6e5d4c3b2a1f6e5d4c3b2a1';
    const { output, records } = await runCalls(
      browser,
      mock.url,
      [{ type: 'track', event: 'Opened' }],
      {
        settings: { readKey },
      },
    );

    const keenScripts = output.requests.filter((line) =>
      line.includes('d26b395fwzu5fz.cloudfront.net'),
    );
    expect(keenScripts).toEqual(['GET https://d26b395fwzu5fz.cloudfront.net/3.4.0/keen.min.js']);
    expect(output.blockedRequests, "the route serves Google's chart loader locally").toEqual([]);
    expect(collections(records)).toEqual(['Opened']);
    expect(JSON.stringify(output), 'the read key should never appear in the output').not.toContain(
      readKey,
    );
  });

  test('identify then track carries user', async ({ browser, mock }) => {
    const { records } = await runCalls(browser, mock.url, [
      { type: 'identify', userId: 'user-42', traits: { plan: 'pro' } },
      { type: 'track', event: 'Upgraded', properties: { seats: 3 }, timestamp: TIMESTAMP },
    ]);

    expect(collections(records), 'identify sends nothing of its own').toEqual(['Upgraded']);
    expect(records[0].body).toEqual({
      user: { userId: 'user-42', traits: { plan: 'pro', id: 'user-42' } },
      seats: 3,
      keen: { timestamp: TIMESTAMP, addons: [] },
    });
  });

  test('page sends all, named, categorized', async ({ browser, mock }) => {
    const { records } = await runCalls(browser, mock.url, [
      { type: 'page', category: 'Docs', name: 'Index', timestamp: TIMESTAMP },
    ]);

    expect(collections(records)).toEqual([
      'Loaded a Page',
      'Viewed Docs Index Page',
      'Viewed Docs Page',
    ]);
    for (const record of records) {
      expect(record.body, `properties of ${record.collection}`).toMatchObject({
        category: 'Docs',
        name: 'Index',
        path: '/',
        url: 'https://www.example.com/',
        keen: { timestamp: TIMESTAMP, addons: [] },
      });
    }
  });

  test('page with category only', async ({ browser, mock }) => {
    const { records } = await runCalls(browser, mock.url, [{ type: 'page', category: 'Docs' }]);

    expect(collections(records)).toEqual(['Loaded a Page', 'Viewed Docs Page']);
    expect(records[0].body).toMatchObject({ category: 'Docs' });
    expect(records[0].body).not.toHaveProperty('name');
  });

  test('page with name only', async ({ browser, mock }) => {
    const { records } = await runCalls(browser, mock.url, [{ type: 'page', name: 'Pricing' }]);

    expect(collections(records)).toEqual(['Loaded a Page', 'Viewed Pricing Page']);
    expect(records[0].body).not.toHaveProperty('category');
  });

  test('page URL, title and referrer', async ({ browser, mock }) => {
    const { records } = await runCalls(browser, mock.url, [{ type: 'page' }], {
      options: {
        pageUrl: 'http://shop.example.org/cart?step=2',
        pageTitle: 'Cart',
        referrer: 'https://search.example.net/?q=shirts',
      },
    });

    expect(collections(records)).toEqual(['Loaded a Page']);
    expect(records[0].body).toMatchObject({
      path: '/cart',
      search: '?step=2',
      title: 'Cart',
      url: 'http://shop.example.org/cart?step=2',
      referrer: 'https://search.example.net/?q=shirts',
    });
  });

  test('long event goes as XHR POST', async ({ browser, mock }) => {
    const note = 'x'.repeat(16_000);
    const { records } = await runCalls(browser, mock.url, [
      { type: 'track', event: 'Long Note', properties: { note } },
    ]);

    expect(collections(records)).toEqual(['Long Note']);
    expect(records[0].transport).toBe('post');
    expect(records[0].method).toBe('POST');
    expect(records[0].keyLocation).toBe('header');
    expect(records[0].outcome).toBe('accepted');
    expect((records[0].body as { note: string }).note).toBe(note);
  });

  test('initial pageview skipped by setting', async ({ browser, mock }) => {
    const { records } = await runCalls(browser, mock.url, [{ type: 'page', name: 'Second' }], {
      options: { initialPageview: true },
      settings: { initialPageview: false },
    });

    expect(collections(records), 'only the later page call reaches Keen').toEqual([
      'Loaded a Page',
      'Viewed Second Page',
    ]);
    expect(records[0].body).toMatchObject({ name: 'Second' });
  });

  test('initial pageview sent by setting', async ({ browser, mock }) => {
    const { records } = await runCalls(browser, mock.url, [], {
      options: { initialPageview: true },
      settings: { initialPageview: true },
    });

    expect(collections(records)).toEqual(['Loaded a Page']);
    expect(records[0].body).not.toHaveProperty('name');
  });

  test('disabled at load loads no Keen code', async ({ browser, mock }) => {
    const { output, records } = await runCalls(
      browser,
      mock.url,
      [{ type: 'track', event: 'Purchased' }],
      { options: { loadIntegrations: { 'Keen IO': false } }, sentinel: null },
    );

    expect(output.loaded).toBe(false);
    expect(output.requests.filter((line) => line.includes('keen-io.dynamic.js'))).toEqual([]);
    expect(
      output.requests.filter((line) => line.includes('d26b395fwzu5fz.cloudfront.net')),
    ).toEqual([]);
    expect(records).toEqual([]);
  });

  test('disabled at load refuses a sentinel', async ({ browser, mock }) => {
    const run = runCalls(browser, mock.url, [], {
      options: { loadIntegrations: { All: false } },
    });

    await expect(run).rejects.toThrow(/pass sentinel null/);
  });

  test('calls before load are buffered', async ({ browser, mock }) => {
    // analytics.js hands a page to the integration's queue at once and buffers a track until the
    // destination is ready, so the page events arrive first only when both calls preceded keen-js.
    const { output, records } = await runCalls(
      browser,
      mock.url,
      [
        { type: 'track', event: 'Early Track', timestamp: TIMESTAMP },
        { type: 'page', name: 'Early Page', timestamp: TIMESTAMP },
        { type: 'track', event: 'Late Track', timestamp: TIMESTAMP },
      ],
      { options: { callsBeforeLoad: 2 } },
    );

    expect(output.loaded).toBe(true);
    expect(collections(records)).toEqual([
      'Loaded a Page',
      'Viewed Early Page Page',
      'Early Track',
      'Late Track',
    ]);
  });

  test('callsBeforeLoad above call count', async ({ browser, mock }) => {
    const run = runCalls(browser, mock.url, [{ type: 'track', event: 'Only' }], {
      options: { callsBeforeLoad: 2 },
    });

    await expect(run).rejects.toThrow(/callsBeforeLoad is 2, but there are only 1/);
  });

  test('timestamp option sets keen.timestamp', async ({ browser, mock }) => {
    const { records } = await runCalls(browser, mock.url, [
      { type: 'track', event: 'Dated', timestamp: '1999-12-31T23:59:59.999Z' },
      { type: 'page', name: 'Dated', timestamp: '2000-01-01T00:00:00.001Z' },
    ]);

    const timestamps = records.map(
      (record) => (record.body as { keen: { timestamp: string } }).keen,
    );
    expect(timestamps).toEqual([
      { timestamp: '1999-12-31T23:59:59.999Z', addons: [] },
      { timestamp: '2000-01-01T00:00:00.001Z', addons: [] },
      { timestamp: '2000-01-01T00:00:00.001Z', addons: [] },
    ]);
  });
});
