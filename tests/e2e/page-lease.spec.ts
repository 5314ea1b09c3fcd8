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
});
