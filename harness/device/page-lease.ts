import type { Browser, BrowserContext, BrowserContextOptions, Page, Route } from '@playwright/test';

/** Handles every request of a leased context. */
export type RequestHandler = (route: Route) => Promise<void>;

/** A new browser context and its page, lent to one run. */
export interface PageLease {
  context: BrowserContext;
  /** Blank, in a context with no cookies or storage. */
  page: Page;
  /**
   * Sets the handler of the context's catch-all route, which the context got when it opened.
   * Requests that arrive before this call wait for the handler.
   */
  routeAll(handler: RequestHandler): void;
  /**
   * Starts opening the next run's context and page. Call it once the page under test has loaded,
   * because opening a context starts a renderer process. In a trial on a shared 2-core machine, a
   * page that loaded while a context opened took about three times as long. `release` calls it too.
   */
  openNext(): void;
  /**
   * Closes the context after the run. The next `leasePage` of the browser waits for the close, so a
   * caller may leave the close running while it reports the run.
   */
  release(): Promise<void>;
}

/** A context and its blank page, with the catch-all route in place. */
interface OpenedPage {
  context: BrowserContext;
  page: Page;
  routeAll(handler: RequestHandler): void;
}

interface Spare {
  /** The context options, as JSON. */
  options: string;
  ready: Promise<OpenedPage>;
}

/** The context made ahead for each browser's next run; Playwright runs one test at a time in a worker. */
const spares = new WeakMap<Browser, Spare>();

/** The close of each browser's last released context. It never rejects. */
const closes = new WeakMap<Browser, Promise<void>>();

/**
 * Opens a context with a catch-all route whose handler is set later, and then its page. The route
 * is in place before the page exists, so the run does not wait for Playwright to turn on request
 * interception.
 */
async function openContextAndPage(
  browser: Browser,
  options: BrowserContextOptions,
): Promise<OpenedPage> {
  const context = await browser.newContext(options);
  let routeAll = (_handler: RequestHandler): void => undefined;
  const handler = new Promise<RequestHandler>((resolve) => (routeAll = resolve));
  await context.route('**/*', async (route) => (await handler)(route));
  const page = await context.newPage();
  return { context, page, routeAll };
}

/**
 * Opens a context and its page, or fails as soon as the browser disconnects: a newPage call in
 * flight when the browser process dies can otherwise stay pending until the test times out.
 */
async function createPage(browser: Browser, options: BrowserContextOptions): Promise<OpenedPage> {
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
): Promise<OpenedPage> {
  if (spare === undefined) return createPage(browser, options);
  const taken = await spare.ready.catch(() => null);
  if (taken !== null && spare.options === JSON.stringify(options)) return taken;
  await taken?.context.close();
  return createPage(browser, options);
}

/**
 * Lends a new context and its blank page for one run. The context was opened ahead when the
 * previous run called `openNext` or released its lease, or else it is opened now. Every run
 * still gets a context of its own, and no request handler of an earlier run receives its requests.
 */
export async function leasePage(
  browser: Browser,
  options: BrowserContextOptions,
): Promise<PageLease> {
  // A context that is still closing would slow the page of this run.
  await closes.get(browser);
  const spare = spares.get(browser);
  spares.delete(browser);
  const { context, page, routeAll } = await takeSpare(browser, spare, options);

  let nextOpened = false;
  const openNext = (): void => {
    if (nextOpened) return;
    nextOpened = true;
    spares.set(browser, prepareSpare(browser, options));
  };
  const release = (): Promise<void> => {
    openNext();
    const closed = context.close();
    // A failed close shows again when the next lease finds the browser gone.
    closes.set(
      browser,
      closed.catch(() => undefined),
    );
    return closed;
  };
  return { context, page, routeAll, openNext, release };
}
