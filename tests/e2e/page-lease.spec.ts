import { test, expect } from '@playwright/test';
import { leasePage } from '../../harness/device/page-lease.js';

const OPTIONS = { timezoneId: 'UTC' };

test.describe('page lease', () => {
  test('lends a blank page', async ({ browser }) => {
    const lease = await leasePage(browser, OPTIONS);

    expect(lease.page.url()).toBe('about:blank');
    expect(lease.context.pages()).toEqual([lease.page]);
    expect(await lease.context.cookies()).toEqual([]);
    await lease.release();
  });

  test('lends a new context each run', async ({ browser }) => {
    const first = await leasePage(browser, OPTIONS);
    await first.release();
    const second = await leasePage(browser, OPTIONS);

    expect(second.context, 'a context of its own').not.toBe(first.context);
    await second.release();
  });

  test('release closes the context', async ({ browser }) => {
    const lease = await leasePage(browser, OPTIONS);
    await lease.release();

    expect(lease.page.isClosed()).toBe(true);
  });

  test('opens the next context ahead', async ({ browser }) => {
    const first = await leasePage(browser, OPTIONS);
    await first.release();
    await expect.poll(() => browser.contexts().length, 'the spare context opens').toBe(1);
    const [spare] = browser.contexts();

    const second = await leasePage(browser, OPTIONS);

    expect(second.context, 'the context opened ahead').toBe(spare);
    await second.release();
  });

  test('routes requests to routeAll', async ({ browser }) => {
    const lease = await leasePage(browser, OPTIONS);
    const served: string[] = [];
    lease.routeAll(async (route) => {
      served.push(route.request().url());
      await route.fulfill({ contentType: 'text/html', body: '<title>routed</title>' });
    });

    await lease.page.goto('https://www.example.com/');

    expect(await lease.page.title()).toBe('routed');
    expect(served).toEqual(['https://www.example.com/']);
    await lease.release();
  });

  test('next lease waits for the close', async ({ browser }) => {
    const first = await leasePage(browser, OPTIONS);
    first.openNext();
    const spareHasPage = () =>
      browser.contexts().some((context) => context !== first.context && context.pages().length > 0);
    await expect.poll(spareHasPage, 'the spare page opens').toBe(true);
    const closing = first.release();
    const second = await leasePage(browser, OPTIONS);

    expect(first.page.isClosed(), 'the first page closed').toBe(true);
    await closing;
    await second.release();
  });
});
