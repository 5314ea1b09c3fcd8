import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { DeviceOptions, KeenSettings, SegmentCall } from '../../schemas/generated/types.js';
import { buildDeviceAssets } from '../../destination/device/build.js';
import { MockKeenClient } from '../../mock-keen/client.js';
import { settleByQuietPeriod, settleBySentinel } from '../cloud/run.js';
import { invokeAnalytics, toAnalyticsInvocation } from './calls.js';
import { buildCdnSettings } from './cdn-settings.js';
import { renderPage } from './page.js';
import { routeThirdParties } from './routes.js';

/** Input of one device-mode scenario run. */
export interface DeviceRunInput {
  browser: Browser;
  mockUrl: string;
  /** Namespace of the run in the mock. The caller registers its projects and keys. */
  runId: string;
  /** Filled and validated settings of the "Keen IO" destination. */
  settings: KeenSettings;
  /** Calls for device mode, made in this order through `window.analytics`. */
  calls: SegmentCall[];
  /** Page URL, title and referrer, and whether analytics.js starts with its initial pageview. */
  options?: DeviceOptions;
  /** Collection of the sentinel track sent after the calls, or null to settle by a quiet period. */
  sentinel: string | null;
  /** Maximum time in milliseconds for loading the destination, and again for settling. */
  timeoutMs: number;
  /** The `keen-io.dynamic.js` bundle to serve in place of the reference integration. */
  integration?: string;
}

export interface DeviceRunOutput {
  /** URLs the guard aborted. A conforming run has none. */
  blockedRequests: string[];
  /** Method and URL of every request the page made, in order, each line cut at 300 characters. */
  requests: string[];
  /** Browser console lines, as `type: text`. */
  console: string[];
  pageErrors: string[];
  /** True when the "Keen IO" destination reported itself loaded before the calls were made. */
  loaded: boolean;
}

/** Maximum length of a `requests` line. A JSONP URL contains the whole event and can reach 16,000 characters. */
const MAX_REQUEST_URL_LENGTH = 300;

export const DEFAULT_PAGE_URL = 'https://www.example.com/';
export const DEFAULT_PAGE_TITLE = 'Keen harness test page';

/** Segment source write key of the test page. It appears only in Segment CDN paths. */
export const SOURCE_WRITE_KEY = 'keenHarnessSource';

/** Error for a device run that did not settle. `output` contains what the browser reported until then. */
export class DeviceRunError extends Error {
  readonly output: DeviceRunOutput;

  constructor(message: string, output: DeviceRunOutput) {
    super(message);
    this.name = 'DeviceRunError';
    this.output = output;
  }
}

/**
 * Runs one scenario in device mode. It opens a fresh browser context that serves every third-party
 * host locally, loads analytics.js and the "Keen IO" integration, and waits until the destination
 * is loaded. Then it makes the calls in order and sends the sentinel track. It returns once the mock
 * has recorded the sentinel, or without a sentinel, once no write has arrived for a quiet period.
 */
export async function runDevice(input: DeviceRunInput): Promise<DeviceRunOutput> {
  const options = input.options ?? {};
  const pageUrl = options.pageUrl ?? DEFAULT_PAGE_URL;
  const redact = keyRedactor(input.settings);
  const built = await buildDeviceAssets();
  const assets = input.integration ? { ...built, integration: input.integration } : built;

  const context = await input.browser.newContext();
  try {
    const routes = await routeThirdParties(context, {
      pageUrl,
      pageHtml: renderPage({
        title: options.pageTitle ?? DEFAULT_PAGE_TITLE,
        sourceWriteKey: SOURCE_WRITE_KEY,
        loadOptions: {
          integrations: { 'Segment.io': false },
          disableClientPersistence: true,
          initialPageview: options.initialPageview ?? false,
        },
        skipInitialPageview: (options.initialPageview ?? false) && !input.settings.initialPageview,
      }),
      sourceWriteKey: SOURCE_WRITE_KEY,
      cdnSettings: buildCdnSettings(SOURCE_WRITE_KEY, input.settings),
      assets,
      mockUrl: input.mockUrl,
      runId: input.runId,
    });
    const output: DeviceRunOutput = {
      blockedRequests: [],
      requests: [],
      console: [],
      pageErrors: [],
      loaded: false,
    };
    const page = await openPage(context, pageUrl, options.referrer, output, redact);

    output.loaded = await waitForKeenDestination(page, input.timeoutMs);
    for (const call of input.calls) {
      const failure = await invokeAnalytics(page, toAnalyticsInvocation(call), output.loaded);
      if (failure) output.pageErrors.push(redact(failure));
    }
    try {
      await settle(page, input, output);
    } finally {
      output.blockedRequests = routes.blockedRequests.map(redact);
      output.console.push(...routes.errors.map((line) => `harness: ${redact(line)}`));
    }
    return output;
  } finally {
    await context.close();
  }
}

async function openPage(
  context: BrowserContext,
  pageUrl: string,
  referrer: string | undefined,
  output: DeviceRunOutput,
  redact: (text: string) => string,
): Promise<Page> {
  const page = await context.newPage();
  page.on('request', (request) => {
    output.requests.push(
      redact(`${request.method()} ${request.url()}`).slice(0, MAX_REQUEST_URL_LENGTH),
    );
  });
  page.on('console', (message) =>
    output.console.push(redact(`${message.type()}: ${message.text()}`)),
  );
  page.on('pageerror', (error) => output.pageErrors.push(redact(error.message)));
  await page.goto(pageUrl, { referer: referrer, waitUntil: 'load' });
  return page;
}

/**
 * Waits until analytics.js has the "Keen IO" destination loaded (keen-js is in place and the
 * integration reported ready) or has recorded it as failed. Returns false on failure or timeout.
 */
async function waitForKeenDestination(page: Page, timeoutMs: number): Promise<boolean> {
  const state = await page
    .waitForFunction(KEEN_DESTINATION_STATE, undefined, { timeout: timeoutMs })
    .then((handle) => handle.jsonValue())
    .catch(() => 'timeout');
  return state === 'loaded';
}

/**
 * Page expression: 'loaded' or 'failed' once the "Keen IO" destination has settled, else false.
 * `window.analytics` is the snippet's array until analytics.js has finished loading.
 */
const KEEN_DESTINATION_STATE = `(() => {
  const analytics = window.analytics;
  if (!analytics || Array.isArray(analytics) || !analytics.queue) return false;
  if (analytics.queue.failedInitializations.includes('Keen IO')) return 'failed';
  const destination = analytics.queue.plugins.find((plugin) => plugin.name === 'Keen IO');
  const keen = window.KeenSegment;
  const keenLoaded = Boolean(keen && keen.prototype && keen.prototype.configure);
  return destination && destination.isLoaded() && keenLoaded ? 'loaded' : false;
})()`;

async function settle(page: Page, input: DeviceRunInput, output: DeviceRunOutput): Promise<void> {
  const mock = new MockKeenClient(input.mockUrl);
  if (input.sentinel === null) {
    await settleByQuietPeriod(mock, input.runId);
    return;
  }

  const failure = await invokeAnalytics(
    page,
    { method: 'track', args: [input.sentinel, {}, {}] },
    output.loaded,
  );
  if (failure) output.pageErrors.push(failure);
  try {
    await settleBySentinel(mock, input.runId, input.sentinel, input.timeoutMs);
  } catch (error) {
    const state = output.loaded ? 'loaded' : 'not loaded';
    throw new DeviceRunError(
      `device run ${input.runId}: ${(error as Error).message} (the Keen IO destination was ${state}; ` +
        `page errors: ${output.pageErrors.join(' | ') || 'none'})`,
      output,
    );
  }
}

/** Replaces the run's Keen keys in text that leaves the run, such as console lines and URLs. */
function keyRedactor(settings: KeenSettings): (text: string) => string {
  const keys = [settings.writeKey, settings.readKey].filter((key) => key.length > 0);
  return (text) => keys.reduce((redacted, key) => redacted.split(key).join('[key]'), text);
}
