import { test, expect } from '../../harness/fixtures.js';
import { buildDeviceAssets } from '../../destination/device/build.js';
import { routeThirdParties } from '../../harness/device/routes.js';
import type { ThirdPartyRoutes } from '../../harness/device/routes.js';

const PAGE_URL = 'https://www.example.com/';

test.describe('device route guard', () => {
  let routes: ThirdPartyRoutes;

  test.beforeEach(async ({ context, mock }) => {
    routes = await routeThirdParties(context, {
      pageUrl: PAGE_URL,
      pageHtml: '<!doctype html><title>Guard</title>',
      sourceWriteKey: 'guardSource',
      cdnSettings: {},
      assets: await buildDeviceAssets(),
      mockUrl: mock.url,
      runId: 'device-guard',
    });
  });

  test('aborts an unrouted host', async ({ page }) => {
    await page.goto(PAGE_URL);
    const outcome = await page.evaluate(() =>
      fetch('https://not-routed.example/data').then(
        () => 'fetched',
        () => 'failed',
      ),
    );

    expect(outcome, 'the request should fail in the page').toBe('failed');
    expect(routes.blockedRequests).toEqual(['https://not-routed.example/data']);
  });

  test('answers 404 on a routed host', async ({ page }) => {
    const response = await page.goto('https://cdn.segment.com/no-such-file.js');

    expect(response?.status()).toBe(404);
    expect(routes.blockedRequests, 'a routed host is never reported as blocked').toEqual([]);
  });

  test('serves keen-js at its CDN path', async ({ page }) => {
    const response = await page.goto(
      'http://d26b395fwzu5fz.cloudfront.net/3.4.0/keen-tracker.min.js',
    );
    const source = (await response?.text()) ?? '';

    expect(response?.status()).toBe(200);
    expect(source).toContain('"3.4.0"');
    expect(source, 'the version literal should be replaced at build time').not.toContain(
      '__VERSION__',
    );
  });
});
