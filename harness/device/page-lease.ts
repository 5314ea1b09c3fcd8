import type { Browser, BrowserContext, BrowserContextOptions, Page } from '@playwright/test';

/** A new browser context and its page, lent to one run. */
export interface PageLease {
  context: BrowserContext;
  /** Blank, in a context with no routes, cookies or storage. */
  page: Page;
  /** Close the context after the run. */
  release(): Promise<void>;
}

interface Spare {
  /** The context options, as JSON. */
  options: string;
  ready: Promise<{ context: BrowserContext; page: Page }>;
}

/** The context made ahead for each browser's next run; Playwright runs one test at a time in a worker. */
const spares = new WeakMap<Browser, Spare>();

async function openContextAndPage(
  browser: Browser,
  options: BrowserContextOptions,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  return { context, page };
}

/**
 * Opens a context and its page, or fails as soon as the browser disconnects: a newPage call in
 * flight when the browser process dies can otherwise stay pending until the test times out.
 */
async function createPage(
  browser: Browser,
  options: BrowserContextOptions,
): Promise<{ context: BrowserContext; page: Page }> {
  if (!browser.isConnected()) throw new Error('the browser has closed or crashed');
  let onDisconnected = (): void => undefined;
  const disconnected = new Promise<never>((_, reject) => {
    onDisconnected = () =>
      reject(new Error('the browser closed or crashed while a page was opening'));
    browser.once('disconnected', onDisconnected);
  });
  try {
    return await Promise.race([openContextAndPage(browser, options), disconnected]);
  } finally {
    browser.off('disconnected', onDisconnected);
  }
}

function prepareSpare(browser: Browser, options: BrowserContextOptions): Spare {
  const ready = createPage(browser, options);
  // A spare whose browser closes first is never taken, so its failure needs no handling.
  ready.catch(() => undefined);
  return { options: JSON.stringify(options), ready };
}

async function takeSpare(
  browser: Browser,
  spare: Spare | undefined,
  options: BrowserContextOptions,
) {
  if (spare === undefined) return createPage(browser, options);
  const taken = await spare.ready.catch(() => null);
  if (taken !== null && spare.options === JSON.stringify(options)) return taken;
  await taken?.context.close();
  return createPage(browser, options);
}

/**
 * Lend a new context and its blank page for one run, and start making the next run's. Opening a
 * context's first page starts a renderer process, which takes a few hundred milliseconds on a
 * small machine, so that work overlaps the run that is going on. Every run still gets a context
 * of its own, opened before any of its routes exist.
 */
export async function leasePage(
  browser: Browser,
  options: BrowserContextOptions,
): Promise<PageLease> {
  const spare = spares.get(browser);
  spares.set(browser, prepareSpare(browser, options));
  const { context, page } = await takeSpare(browser, spare, options);
  return { context, page, release: () => context.close() };
}
