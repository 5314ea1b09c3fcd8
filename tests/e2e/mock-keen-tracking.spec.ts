import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

import { expect, test, type BrowserContext, type Page } from '@playwright/test';

import { MockKeenClient } from '../../mock-keen/client.js';
import { startMockKeen, type MockKeen } from '../../mock-keen/index.js';
import { startStaticSite, type StaticSite } from '../../mock-keen/test-support.js';

const PROJECT_ID = 'browser-project';
const WRITE_KEY = 'browser-write-key';

const require = createRequire(import.meta.url);
const KEEN_TRACKING_BUNDLE = require.resolve('keen-tracking/dist/keen-tracking.min.js');

let mock: MockKeen;
let client: MockKeenClient;
let shop: StaticSite;

test.beforeAll(async () => {
  mock = await startMockKeen({ log: () => undefined });
  client = new MockKeenClient(mock.url);
  shop = await startStaticSite({
    '/': '<!doctype html><script src="/keen-tracking.min.js"></script>',
    '/keen-tracking.min.js': await readFile(KEEN_TRACKING_BUNDLE, 'utf8'),
  });
});

test.afterAll(async () => {
  await mock.close();
  await shop.close();
});

/** Open the shop page; requests to hosts other than the shop and the mock are aborted into `blocked`. */
async function openShopPage(context: BrowserContext, blocked: string[]): Promise<Page> {
  await context.route(
    (url) => !url.href.startsWith(`${mock.url}/`) && !url.href.startsWith(`${shop.origin}/`),
    async (route) => {
      blocked.push(route.request().url());
      await route.abort('blockedbyclient');
    },
  );
  const page = await context.newPage();
  await page.goto(`${shop.origin}/`);
  return page;
}

/** Record through keen-tracking in the page and return what its callback received. */
function recordInPage(
  page: Page,
  runId: string,
  requestType: string,
  call: 'recordEvent' | 'recordEvents',
  args: unknown[],
) {
  const host = `${new URL(mock.url).host}/runs/${runId}`;
  return page.evaluate(
    ({ host, requestType, call, args, projectId, writeKey }) =>
      new Promise<{ error: unknown; result: unknown }>((resolve) => {
        const KeenTracking = (
          window as unknown as {
            KeenTracking: new (config: object) => Record<string, (...a: unknown[]) => unknown>;
          }
        ).KeenTracking;
        const keen = new KeenTracking({
          projectId,
          writeKey,
          host,
          protocol: 'http',
          requestType,
          // keen-tracking 5 in the browser reads the retry options one level down.
          retry: {
            retry: {
              limit: 0,
              initialDelay: 0,
              retryOnResponseStatuses: [408, 500, 502, 503, 504],
            },
          },
        });
        keen[call](...args, (error: unknown, result: unknown) => resolve({ error, result }));
      }),
    { host, requestType, call, args, projectId: PROJECT_ID, writeKey: WRITE_KEY },
  );
}

async function registerRun(runId: string): Promise<void> {
  await client.registerRun(runId, [
    { projectId: PROJECT_ID, keys: [{ key: WRITE_KEY, kind: 'write' }] },
  ]);
}

test.describe('keen-tracking 5.0.1 in Chromium against mock-keen', () => {
  const blocked: string[] = [];
  let page: Page;

  test.beforeEach(async ({ context }) => {
    blocked.length = 0;
    page = await openShopPage(context, blocked);
  });

  test.afterEach(() => {
    expect(blocked, 'requests to hosts other than the mock').toEqual([]);
  });

  test('records an event by fetch', async () => {
    await registerRun('browser-fetch');
    const outcome = await recordInPage(page, 'browser-fetch', 'jsonp', 'recordEvent', [
      'page views',
      { path: '/cart' },
    ]);

    expect(outcome.error).toBeNull();
    expect(outcome.result).toEqual({ created: true });
    const [record] = await client.records('browser-fetch');
    expect(record.transport).toBe('post');
    expect(record.collection).toBe('page views');
    expect(record.keyLocation).toBe('header');
    expect(record.body).toEqual({ path: '/cart' });
  });

  test('records a batch by fetch', async () => {
    await registerRun('browser-batch');
    const events = { clicks: [{ n: 1 }, { n: 2 }], views: [{ n: 3 }] };
    const outcome = await recordInPage(page, 'browser-batch', 'jsonp', 'recordEvents', [events]);

    expect(outcome.error).toBeNull();
    const records = await client.records('browser-batch');
    expect(records.map((record) => record.collection)).toEqual(['clicks', 'clicks', 'views']);
    expect(records.every((record) => record.transport === 'batch')).toBe(true);
  });

  test('reports an error body to the page', async () => {
    await registerRun('browser-error');
    const outcome = await recordInPage(page, 'browser-error', 'jsonp', 'recordEvents', [
      { $bad: [{ n: 1 }] },
    ]);

    expect(outcome.result).toBeNull();
    expect(outcome.error).toEqual({
      $bad: [
        { success: false, error: expect.objectContaining({ name: 'InvalidCollectionNameError' }) },
      ],
    });
  });

  test('records an event by sendBeacon', async () => {
    await registerRun('browser-beacon');
    await recordInPage(page, 'browser-beacon', 'beaconAPI', 'recordEvent', [
      'beacons',
      { ip: '${keen.ip}', ua: '${keen.user_agent}' },
    ]);

    const wait = await client.waitFor('browser-beacon', {
      collection: 'beacons',
      timeoutMs: 10_000,
    });
    expect(wait.satisfied).toBe(true);
    const [record] = wait.records;
    expect(record.transport).toBe('beacon');
    expect(record.keyLocation).toBe('query');
    expect(record.stored?.ip).toBe('127.0.0.1');
    expect(record.stored?.ua).toBe(await page.evaluate(() => navigator.userAgent));
  });

  test('records an event by image beacon', async () => {
    await registerRun('browser-image');
    const outcome = await recordInPage(page, 'browser-image', 'img', 'recordEvent', [
      'pixels',
      { text: 'é ✓ +/=' },
    ]);

    expect(outcome.error).toBeUndefined();
    const [record] = await client.records('browser-image');
    expect(record.transport).toBe('image');
    expect(record.body).toEqual({ text: 'é ✓ +/=' });
  });

  test('fails an image beacon with a bad key', async () => {
    await client.registerRun('browser-image-bad', [
      { projectId: PROJECT_ID, keys: [{ key: 'another-key', kind: 'write' }] },
    ]);
    const outcome = await recordInPage(page, 'browser-image-bad', 'img', 'recordEvent', [
      'pixels',
      { n: 1 },
    ]);

    expect(outcome.error).toBe('An error occurred!');
    const [record] = await client.records('browser-image-bad');
    expect(record.errorCode).toBe('InvalidApiKeyError');
  });
});
