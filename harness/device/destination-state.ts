import type { Page } from '@playwright/test';

/**
 * Waits until analytics.js has the "Keen IO" destination loaded (keen-js is in place and the
 * integration reported ready) or has recorded it as failed. Returns false on failure or timeout.
 */
export async function waitForKeenDestination(page: Page, timeoutMs: number): Promise<boolean> {
  return page.waitForFunction(KEEN_DESTINATION_LOADED, undefined, { timeout: timeoutMs }).then(
    () => true,
    () => false,
  );
}

/**
 * Waits until analytics.js has finished loading and has replaced the snippet's array. Throws on
 * timeout.
 */
export async function waitForAnalytics(page: Page, timeoutMs: number): Promise<void> {
  await page
    .waitForFunction(ANALYTICS_INITIALIZED, undefined, { timeout: timeoutMs })
    .catch((error: unknown) => {
      throw new Error(`analytics.js did not finish loading within ${timeoutMs} ms`, {
        cause: error,
      });
    });
}

/**
 * Waits until the "Keen IO" destination has handed every buffered identify and track to the
 * integration. analytics.js buffers them while the destination is not ready and flushes the
 * buffer at a random moment up to 5 seconds after it is, so an event sent before that moment
 * would reach Keen before the buffered ones. Throws on timeout.
 */
export async function waitForKeenBufferFlushed(page: Page, timeoutMs: number): Promise<void> {
  await page
    .waitForFunction(KEEN_BUFFER_FLUSHED, undefined, { timeout: timeoutMs })
    .catch((error: unknown) => {
      throw new Error(
        `the Keen IO destination did not deliver its buffered calls within ${timeoutMs} ms`,
        { cause: error },
      );
    });
}

/**
 * Page expression: true once the "Keen IO" destination has loaded, else false. It throws once
 * analytics.js has recorded the destination as failed, which ends the wait at once. Ending a failed
 * wait by an error saves a round trip that reads the result back from the page. `window.analytics`
 * is the snippet's array until analytics.js has finished loading.
 */
const KEEN_DESTINATION_LOADED = `(() => {
  const analytics = window.analytics;
  if (!analytics || Array.isArray(analytics) || !analytics.queue) return false;
  if (analytics.queue.failedInitializations.includes('Keen IO')) {
    throw new Error('analytics.js recorded the Keen IO destination as failed');
  }
  const destination = analytics.queue.plugins.find((plugin) => plugin.name === 'Keen IO');
  const keen = window.KeenSegment;
  const keenLoaded = Boolean(keen && keen.prototype && keen.prototype.configure);
  return Boolean(destination && destination.isLoaded() && keenLoaded);
})()`;

const ANALYTICS_INITIALIZED = `(() => {
  const analytics = window.analytics;
  return Boolean(analytics && !Array.isArray(analytics) && analytics.initialized === true);
})()`;

/**
 * Page expression: true once the "Keen IO" destination's buffer (analytics-next's
 * LegacyDestination `buffer` and `flushing`) is empty and no flush is running. A failed delivery
 * goes back into the buffer, so it keeps this false.
 */
const KEEN_BUFFER_FLUSHED = `(() => {
  const destination = window.analytics.queue.plugins.find((plugin) => plugin.name === 'Keen IO');
  return Boolean(destination) && destination.buffer.todo === 0 && destination.flushing === false;
})()`;
