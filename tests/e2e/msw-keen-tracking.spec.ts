import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { build } from 'esbuild';

import { createKeenMock } from '../../mock-keen/testing/index.js';

const SHOP_ORIGIN = 'https://shop.test';
const PROJECT_ID = 'worker-project';
const WRITE_KEY = 'worker-write-key';

const require = createRequire(import.meta.url);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The page's script: MSW's worker with the Keen handlers, started once keen-tracking is loaded. */
const APP_SOURCE = `
import { setupWorker } from 'msw/browser';
import { createKeenBrowserHandlers } from './mock-keen/msw/browser.js';

window.workerReady = setupWorker(...createKeenBrowserHandlers()).start({
  quiet: true,
  onUnhandledRequest: 'bypass',
});
`;

const keen = createKeenMock({
  projects: [{ projectId: PROJECT_ID, keys: [{ key: WRITE_KEY, kind: 'write' }] }],
});

/** Files of the fake shop origin, served by a Playwright route. */
let shopFiles: Map<string, { type: string; body: string }>;

test.beforeAll(async () => {
  const app = await build({
    stdin: { contents: APP_SOURCE, resolveDir: ROOT, sourcefile: 'app.ts', loader: 'ts' },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  shopFiles = new Map([
    [
      '/',
      {
        type: 'text/html',
        body: '<!doctype html><script src="/keen-tracking.min.js"></script><script src="/app.js"></script>',
      },
    ],
    ['/app.js', { type: 'application/javascript', body: app.outputFiles[0].text }],
    [
      '/keen-tracking.min.js',
      {
        type: 'application/javascript',
        body: await readFile(require.resolve('keen-tracking/dist/keen-tracking.min.js'), 'utf8'),
      },
    ],
    [
      '/mockServiceWorker.js',
      {
        type: 'application/javascript',
        body: await readFile(require.resolve('msw/mockServiceWorker.js'), 'utf8'),
      },
    ],
  ]);
});

/** Serve the shop from a route and abort every other request into `blocked`; open the page once its worker runs. */
async function openShop(context: BrowserContext, blocked: string[]): Promise<Page> {
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    const file = url.origin === SHOP_ORIGIN ? shopFiles.get(url.pathname) : undefined;
    if (file === undefined) {
      blocked.push(route.request().url());
      await route.abort('blockedbyclient');
      return;
    }
    await route.fulfill({ status: 200, contentType: file.type, body: file.body });
  });
  await keen.exposeTo(context);

  const page = await context.newPage();
  await page.goto(`${SHOP_ORIGIN}/`);
  await page.evaluate(() => (window as unknown as { workerReady: Promise<unknown> }).workerReady);
  return page;
}

/** Record through keen-tracking 5.0.1 in the page, at its default host, and return what its callback received. */
function recordInPage(
  page: Page,
  requestType: string,
  call: 'recordEvent' | 'recordEvents',
  args: unknown[],
) {
  return page.evaluate(
    ({ requestType, call, args, projectId, writeKey }) =>
      new Promise<{ error: unknown; result: unknown }>((resolve) => {
        type Client = Record<string, (...values: unknown[]) => unknown>;
        const KeenTracking = (window as unknown as { KeenTracking: new (config: object) => Client })
          .KeenTracking;
        const client = new KeenTracking({
          projectId,
          writeKey,
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
        client[call](...args, (error: unknown, result: unknown) => resolve({ error, result }));
      }),
    { requestType, call, args, projectId: PROJECT_ID, writeKey: WRITE_KEY },
  );
}

test.describe('keen-tracking in Chromium through setupWorker', () => {
  const blocked: string[] = [];
  let page: Page;

  test.beforeEach(async ({ context }) => {
    blocked.length = 0;
    page = await openShop(context, blocked);
  });

  test.afterEach(() => {
    keen.reset();
    expect(blocked, 'requests that left the page').toEqual([]);
  });

  test('records an event by fetch', async () => {
    const outcome = await recordInPage(page, 'jsonp', 'recordEvent', [
      'page views',
      { path: '/cart' },
    ]);

    expect(outcome.error).toBeNull();
    expect(outcome.result).toEqual({ created: true });
    const [record] = keen.records();
    expect(record.transport).toBe('post');
    expect(record.collection).toBe('page views');
    expect(record.keyLocation).toBe('header');
    expect(record.body).toEqual({ path: '/cart' });
  });

  test('records a batch by fetch', async () => {
    const outcome = await recordInPage(page, 'jsonp', 'recordEvents', [
      { clicks: [{ n: 1 }, { n: 2 }], views: [{ n: 3 }] },
    ]);

    expect(outcome.error).toBeNull();
    expect(keen.records().map((record) => record.collection)).toEqual([
      'clicks',
      'clicks',
      'views',
    ]);
  });

  test('reports a failed batch item', async () => {
    const outcome = await recordInPage(page, 'jsonp', 'recordEvents', [{ $bad: [{ n: 1 }] }]);

    expect(outcome.result).toBeNull();
    expect(outcome.error).toEqual({
      $bad: [
        { success: false, error: expect.objectContaining({ name: 'InvalidCollectionNameError' }) },
      ],
    });
  });

  test('records an event by image beacon', async () => {
    const outcome = await recordInPage(page, 'img', 'recordEvent', ['pixels', { text: 'é ✓ +/=' }]);

    expect(outcome.error).toBeUndefined();
    const [record] = keen.records();
    expect(record.transport).toBe('image');
    expect(record.body).toEqual({ text: 'é ✓ +/=' });
  });

  test('records an event by sendBeacon', async () => {
    await recordInPage(page, 'beaconAPI', 'recordEvent', ['beacons', { ua: '${keen.user_agent}' }]);

    const wait = await keen.waitFor({ collection: 'beacons', timeoutMs: 10_000 });
    expect(wait.satisfied).toBe(true);
    const [record] = wait.records;
    expect(record.transport).toBe('beacon');
    expect(record.keyLocation).toBe('query');
    expect(record.stored?.ua).toBe(await page.evaluate(() => navigator.userAgent));
  });

  test('reports an injected fault', async () => {
    keen.injectFault({
      match: { collection: 'flaky' },
      status: 503,
      error_code: 'ServiceUnavailableError',
      times: 1,
    });
    const outcome = await recordInPage(page, 'jsonp', 'recordEvent', ['flaky', { n: 1 }]);

    expect(outcome.error).not.toBeNull();
    expect(keen.records().map((record) => [record.outcome, record.status])).toEqual([
      ['rejected', 503],
    ]);
  });
});
