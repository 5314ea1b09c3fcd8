import { expect, test, type Page } from '@playwright/test';

import { buildDeviceAssets } from '../../destination/device/build.js';
import { MockKeenClient } from '../../mock-keen/client.js';
import { startMockKeen, type MockKeen } from '../../mock-keen/index.js';
import { startStaticSite, type StaticSite } from '../../mock-keen/test-support.js';

const PROJECT_ID = 'keen-js-project';
const WRITE_KEY = 'keen-js-write-key';

let mock: MockKeen;
let client: MockKeenClient;
let shop: StaticSite;

test.beforeAll(async () => {
  mock = await startMockKeen({ log: () => undefined });
  client = new MockKeenClient(mock.url);
  const { keenTracker } = await buildDeviceAssets();
  shop = await startStaticSite({
    '/': '<!doctype html><script src="/keen-tracker.min.js"></script>',
    '/keen-tracker.min.js': keenTracker,
  });
});

test.afterAll(async () => {
  await mock.close();
  await shop.close();
});

interface PageOutcome {
  error: unknown;
  response: unknown;
}

/** Call keen-js 3.4.0 in the page, pointed at a run of the mock, and return what its callback received. */
function callKeenJs(
  page: Page,
  runId: string,
  requestType: string,
  call: 'addEvent' | 'addEvents',
  args: unknown[],
): Promise<PageOutcome> {
  const host = `${new URL(mock.url).host}/runs/${runId}/3.0`;
  return page.evaluate(
    ({ host, requestType, call, args, projectId, writeKey }) =>
      new Promise<PageOutcome>((resolve) => {
        const Keen = (
          window as unknown as {
            Keen: new (config: object) => Record<string, (...a: unknown[]) => void>;
          }
        ).Keen;
        const keen = new Keen({ projectId, writeKey, host, protocol: 'http', requestType });
        keen[call](...args, (error: unknown, response: unknown) => resolve({ error, response }));
      }),
    { host, requestType, call, args, projectId: PROJECT_ID, writeKey: WRITE_KEY },
  );
}

test.describe('keen-js 3.4.0 in Chromium against mock-keen', () => {
  const blocked: string[] = [];
  let page: Page;

  test.beforeEach(async ({ context }) => {
    blocked.length = 0;
    await context.route(
      (url) => !url.href.startsWith(`${mock.url}/`) && !url.href.startsWith(`${shop.origin}/`),
      async (route) => {
        blocked.push(route.request().url());
        await route.abort('blockedbyclient');
      },
    );
    page = await context.newPage();
    await page.goto(`${shop.origin}/`);
  });

  test.afterEach(() => {
    expect(blocked, 'requests to hosts other than the shop and the mock').toEqual([]);
  });

  async function registerRun(runId: string, key: string = WRITE_KEY): Promise<void> {
    await client.registerRun(runId, [{ projectId: PROJECT_ID, keys: [{ key, kind: 'write' }] }]);
  }

  test('records an event by JSONP', async () => {
    await registerRun('keen-js-jsonp');
    const outcome = await callKeenJs(page, 'keen-js-jsonp', 'jsonp', 'addEvent', [
      'page views',
      { text: 'é ✓ +/=', n: 1 },
    ]);

    expect(outcome.error).toBeNull();
    expect(outcome.response).toEqual({ created: true });
    const [record] = await client.records('keen-js-jsonp');
    expect(record.transport).toBe('jsonp');
    expect(record.collection).toBe('page views');
    expect(record.body).toMatchObject({ text: 'é ✓ +/=', n: 1 });
  });

  test('passes a JSONP error to the callback', async () => {
    await registerRun('keen-js-jsonp-error', 'another-key');
    const outcome = await callKeenJs(page, 'keen-js-jsonp-error', 'jsonp', 'addEvent', [
      'views',
      { n: 1 },
    ]);

    // keen-js 3.4.0 treats any callback invocation as success and hands over the error body.
    expect(outcome.error).toBeNull();
    expect(outcome.response).toEqual({
      message: expect.any(String),
      error_code: 'InvalidApiKeyError',
    });
    const [record] = await client.records('keen-js-jsonp-error');
    expect(record.errorCode).toBe('InvalidApiKeyError');
    expect(record.status).toBe(401);
  });

  test('records an event by image beacon', async () => {
    await registerRun('keen-js-beacon');
    const outcome = await callKeenJs(page, 'keen-js-beacon', 'beacon', 'addEvent', [
      'pixels',
      { n: 2 },
    ]);

    expect(outcome.error).toBeNull();
    const [record] = await client.records('keen-js-beacon');
    expect(record.transport).toBe('image');
  });

  test('records an event by XHR POST', async () => {
    await registerRun('keen-js-xhr');
    const outcome = await callKeenJs(page, 'keen-js-xhr', 'xhr', 'addEvent', ['posts', { n: 3 }]);

    expect(outcome.error).toBeNull();
    expect(outcome.response).toEqual({ created: true });
    const [record] = await client.records('keen-js-xhr');
    expect(record.transport).toBe('post');
    expect(record.keyLocation).toBe('header');
  });

  test('records a batch by XHR POST', async () => {
    await registerRun('keen-js-batch');
    const outcome = await callKeenJs(page, 'keen-js-batch', 'jsonp', 'addEvents', [
      { a: [{ n: 1 }], b: [{ n: 2 }, { n: 3 }] },
    ]);

    expect(outcome.error).toBeNull();
    expect(outcome.response).toEqual({
      a: [{ success: true }],
      b: [{ success: true }, { success: true }],
    });
    const records = await client.records('keen-js-batch');
    expect(records.map((record) => record.collection)).toEqual(['a', 'b', 'b']);
  });
});
