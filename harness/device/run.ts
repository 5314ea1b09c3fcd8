import type { Browser, Page } from '@playwright/test';
import type { DeviceOptions, KeenSettings, SegmentCall } from '../../schemas/generated/types.js';
import { buildDeviceAssets } from '../../destination/device/build.js';
import { MockKeenClient } from '../../mock-keen/client.js';
import { settleByQuietPeriod, settleBySentinel } from '../cloud/run.js';
import { emptyRunOutput, keyRedactor, openPage } from './browser-session.js';
import type { DeviceRunOutput } from './browser-session.js';
import { invokeAnalytics, toAnalyticsInvocation } from './calls.js';
import { buildCdnSettings } from './cdn-settings.js';
import {
  waitForAnalytics,
  waitForKeenBufferFlushed,
  waitForKeenDestination,
} from './destination-state.js';
import { deviceLoadIntegrations, isKeenDisabledAtLoad } from './load-integrations.js';
import { renderPage } from './page.js';
import { leasePage, type PageLease } from './page-lease.js';
import { markRun } from '../run-timings.js';
import { routeThirdParties } from './routes.js';

export type { DeviceRunOutput } from './browser-session.js';

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
  /** The scenario's `device` object: page, load options, and the calls made before keen-js loads. */
  options?: DeviceOptions;
  /**
   * Collection of the sentinel track sent after the calls, or null to settle by a quiet period.
   * It must be null when `options.loadIntegrations` disables "Keen IO".
   */
  sentinel: string | null;
  /** Maximum time in milliseconds for loading the destination, and again for settling. */
  timeoutMs: number;
  /** The `keen-io.dynamic.js` bundle to serve in place of the reference integration. */
  integration?: string;
}

export const DEFAULT_PAGE_URL = 'https://www.example.com/';
export const DEFAULT_PAGE_TITLE = 'Keen harness test page';

/** Time zone of the browser context. */
export const BROWSER_TIME_ZONE = 'UTC';

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
 *
 * With `options.callsBeforeLoad`, the keen-js script is held back until that many leading calls
 * have been made, and the sentinel waits until analytics.js has delivered the calls it buffered.
 * When the load options disable "Keen IO", the runner waits for analytics.js instead of the
 * destination, and no sentinel can be sent.
 */
export async function runDevice(input: DeviceRunInput): Promise<DeviceRunOutput> {
  const output = emptyRunOutput();
  const options = input.options ?? {};
  const pageUrl = options.pageUrl ?? DEFAULT_PAGE_URL;
  const integrations = deviceLoadIntegrations(options.loadIntegrations);
  const keenDisabled = isKeenDisabledAtLoad(integrations);
  const callsBeforeLoad = checkRunInput(input, keenDisabled);
  const redact = keyRedactor(input.settings);
  const built = await buildDeviceAssets();
  const assets = input.integration ? { ...built, integration: input.integration } : built;

  let releaseKeenLibrary = (): void => undefined;
  const keenLibraryGate =
    callsBeforeLoad > 0
      ? new Promise<void>((resolve) => (releaseKeenLibrary = resolve))
      : undefined;

  // A fixed time zone, so that analytics.js reads a date-time without a `T` the same on every machine.
  const lease = await leasePage(input.browser, { timezoneId: BROWSER_TIME_ZONE });
  try {
    const routes = await routeThirdParties(lease, {
      pageUrl,
      pageHtml: renderPage({
        title: options.pageTitle ?? DEFAULT_PAGE_TITLE,
        sourceWriteKey: SOURCE_WRITE_KEY,
        loadOptions: {
          integrations,
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
      keenLibraryGate,
    });
    try {
      const page = await openPage(lease.page, pageUrl, options.referrer, output, redact);
      const plan = { keenDisabled, callsBeforeLoad, releaseKeenLibrary };
      await loadAndCall(page, lease, input, plan, routes.keenLibraryRequested, output, redact);
      await settle(page, input, output);
    } finally {
      releaseKeenLibrary();
      output.blockedRequests = routes.blockedRequests.map(redact);
      output.console.push(...routes.errors.map((line) => `harness: ${redact(line)}`));
    }
    return output;
  } finally {
    // The context closes while the run is judged, and the next lease waits for the close.
    lease.release().catch(() => undefined);
  }
}

/** Plan for making one run's calls around the loading of the destination. */
interface LoadPlan {
  keenDisabled: boolean;
  callsBeforeLoad: number;
  /** Lets the held-back keen-js script through to the page. */
  releaseKeenLibrary: () => void;
}

/**
 * Waits for the destination (or for analytics.js alone when "Keen IO" is disabled at load) and
 * makes the calls. Leading calls made before load are made while the keen-js request is held back.
 * After the calls, the next run's context starts opening.
 */
async function loadAndCall(
  page: Page,
  lease: PageLease,
  input: DeviceRunInput,
  plan: LoadPlan,
  keenLibraryRequested: Promise<void>,
  output: DeviceRunOutput,
  redact: (text: string) => string,
): Promise<void> {
  // One round trip to the page per call: keen-js sends a long event as an XHR POST behind a CORS
  // preflight, and a JSONP request made at once after it can reach the routes first.
  const makeCalls = async (calls: SegmentCall[], awaitResult: boolean): Promise<void> => {
    for (const call of calls) {
      const failure = await invokeAnalytics(page, toAnalyticsInvocation(call), awaitResult);
      if (failure) output.pageErrors.push(redact(failure));
    }
  };

  if (plan.keenDisabled) {
    await waitForAnalytics(page, input.timeoutMs);
  } else if (plan.callsBeforeLoad > 0) {
    await waitWithTimeout(keenLibraryRequested, input.timeoutMs, 'the keen-js request');
    // Until keen-js loads, analytics.js resolves an identify or track once it is buffered
    // and a page once the integration has queued it.
    await makeCalls(input.calls.slice(0, plan.callsBeforeLoad), true);
    plan.releaseKeenLibrary();
    output.loaded = await waitForKeenDestination(page, input.timeoutMs);
    if (output.loaded) await waitForKeenBufferFlushed(page, input.timeoutMs);
  } else {
    output.loaded = await waitForKeenDestination(page, input.timeoutMs);
  }
  markRun(output.timings, 'readyAt');
  await makeCalls(input.calls.slice(plan.callsBeforeLoad), output.loaded || plan.keenDisabled);
  markRun(output.timings, 'lastCallAt');
  // Not earlier, because a context that opens during the calls can delay a long event's XHR POST
  // until the next call's JSONP request has overtaken it.
  lease.openNext();
}

/** Checks the options against the calls and the sentinel, and returns the number of calls made before load. */
function checkRunInput(input: DeviceRunInput, keenDisabled: boolean): number {
  const callsBeforeLoad = input.options?.callsBeforeLoad ?? 0;
  if (callsBeforeLoad > input.calls.length) {
    throw new Error(
      `device run ${input.runId}: callsBeforeLoad is ${callsBeforeLoad}, but there are only ` +
        `${input.calls.length} device-mode calls: lower it to at most ${input.calls.length}`,
    );
  }
  if (keenDisabled && callsBeforeLoad > 0) {
    throw new Error(
      `device run ${input.runId}: callsBeforeLoad needs keen-js to load, but loadIntegrations ` +
        'disables "Keen IO": remove one of them',
    );
  }
  if (keenDisabled && input.sentinel !== null) {
    throw new Error(
      `device run ${input.runId}: loadIntegrations disables "Keen IO", so the sentinel ` +
        `"${input.sentinel}" could never reach Keen: pass sentinel null to settle by a quiet period`,
    );
  }
  return callsBeforeLoad;
}

async function waitWithTimeout(
  promise: Promise<void>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function settle(page: Page, input: DeviceRunInput, output: DeviceRunOutput): Promise<void> {
  const mock = new MockKeenClient(input.mockUrl);
  if (input.sentinel === null) {
    await settleByQuietPeriod(mock, input.runId);
    markRun(output.timings, 'settledAt');
    return;
  }

  // The mock's wait starts with the sentinel call, so it does not cost a round trip after the call.
  const settled = settleBySentinel(mock, input.runId, input.sentinel, input.timeoutMs);
  settled.catch(() => undefined);
  const failure = await invokeAnalytics(
    page,
    { method: 'track', args: [input.sentinel, {}, {}] },
    output.loaded,
  );
  if (failure) output.pageErrors.push(failure);
  try {
    await settled;
    markRun(output.timings, 'settledAt');
  } catch (error) {
    const state = output.loaded ? 'loaded' : 'not loaded';
    throw new DeviceRunError(
      `device run ${input.runId}: ${(error as Error).message} (the Keen IO destination was ${state}; ` +
        `page errors: ${output.pageErrors.join(' | ') || 'none'})`,
      output,
    );
  }
}
