import type { Browser, Page } from '@playwright/test';
import { buildDeviceAssets } from '../../destination/device/build.js';
import { MockKeenClient } from '../../mock-keen/client.js';
import {
  SENTINEL_MESSAGE_PREFIX,
  SENTINEL_USER_ID,
  configureCloudSource,
  readCloudResults,
  settleByQuietPeriod,
  settleBySentinel,
} from '../cloud/run.js';
import type { CloudRunInput, MessageResult } from '../cloud/run.js';
import { emptyRunOutput, keyRedactor, openPage } from './browser-session.js';
import type { DeviceRunOutput } from './browser-session.js';
import { invokeAnalytics, toAnalyticsInvocation } from './calls.js';
import { buildUnbundledCdnSettings } from './cdn-settings.js';
import { waitForAnalytics } from './destination-state.js';
import { renderPage } from './page.js';
import { leasePage } from './page-lease.js';
import { markRun, startRunTimings } from '../run-timings.js';
import { routeThirdParties } from './routes.js';
import { BROWSER_TIME_ZONE, DEFAULT_PAGE_TITLE, DEFAULT_PAGE_URL } from './run.js';

/** Input of one web cloud run: the cloud run's input plus the browser. The page is the default one. */
export interface WebCloudRunInput extends Omit<CloudRunInput, 'client'> {
  browser: Browser;
}

export interface WebCloudRunOutput extends DeviceRunOutput {
  sourceWriteKey: string;
  results: MessageResult[];
}

/**
 * Runs one scenario in web cloud mode: real analytics.js in Chromium, with "Keen IO" connected in
 * cloud mode, so that analytics.js loads no Keen code and sends every call to Segment.io. The
 * routes forward Segment's API to the collection API of the cloud destination, which forwards to
 * Keen. Each call is awaited until Segment.io has delivered it, so the collection API receives the
 * calls and then the sentinel in order. Returns once the mock has recorded the sentinel.
 */
export async function runWebCloud(input: WebCloudRunInput): Promise<WebCloudRunOutput> {
  const timings = startRunTimings();
  const pageUrl = DEFAULT_PAGE_URL;
  const sourceWriteKey = `source-${input.runId}`;
  const keenBaseUrl = `${input.mockUrl}/runs/${encodeURIComponent(input.runId)}/3.0`;
  if (input.configureSource) {
    await input.configureSource(sourceWriteKey, input.settings, keenBaseUrl);
  } else {
    await configureCloudSource(input.destinationUrl, sourceWriteKey, input.settings, keenBaseUrl);
  }

  const redact = keyRedactor(input.settings);
  const lease = await leasePage(input.browser, { timezoneId: BROWSER_TIME_ZONE });
  const output: WebCloudRunOutput = { ...emptyRunOutput(), timings, sourceWriteKey, results: [] };
  try {
    const routes = await routeThirdParties(lease, {
      pageUrl,
      pageHtml: renderPage({
        title: DEFAULT_PAGE_TITLE,
        sourceWriteKey,
        loadOptions: { integrations: {}, disableClientPersistence: true, initialPageview: false },
        skipInitialPageview: false,
      }),
      sourceWriteKey,
      cdnSettings: buildUnbundledCdnSettings(sourceWriteKey),
      assets: await buildDeviceAssets(),
      mockUrl: input.mockUrl,
      runId: input.runId,
      collectionApiUrl: input.destinationUrl,
    });
    try {
      const page = await openPage(lease.page, pageUrl, undefined, output, redact);
      await waitForAnalytics(page, input.timeoutMs);
      markRun(output.timings, 'readyAt');
      lease.openNext();

      await sendCalls(page, input, output, redact);
    } finally {
      output.blockedRequests = routes.blockedRequests.map(redact);
      output.console.push(...routes.errors.map((line) => `harness: ${redact(line)}`));
    }
  } finally {
    await lease.release();
  }

  const all = input.readResults
    ? await input.readResults(sourceWriteKey)
    : await readCloudResults(input.destinationUrl, sourceWriteKey);
  output.results = all.filter((result) => !result.messageId?.startsWith(SENTINEL_MESSAGE_PREFIX));
  return output;
}

/**
 * Makes the calls and then the sentinel track, each awaited until Segment.io has delivered it, and
 * waits until the mock has recorded the sentinel (or, without one, for a quiet period).
 */
async function sendCalls(
  page: Page,
  input: WebCloudRunInput,
  output: WebCloudRunOutput,
  redact: (text: string) => string,
): Promise<void> {
  const invocations = input.calls.map(toAnalyticsInvocation);
  if (input.sentinel) {
    const options = {
      userId: SENTINEL_USER_ID,
      messageId: `${SENTINEL_MESSAGE_PREFIX}${input.runId}`,
    };
    invocations.push({ method: 'track', args: [input.sentinel, {}, options] });
  }
  if (input.calls.length === 0) markRun(output.timings, 'lastCallAt');
  for (const [index, invocation] of invocations.entries()) {
    const failure = await invokeAnalytics(page, invocation, true);
    if (failure) output.pageErrors.push(redact(failure));
    if (index === input.calls.length - 1) markRun(output.timings, 'lastCallAt');
  }

  const mock = new MockKeenClient(input.mockUrl);
  if (input.sentinel) {
    await settleBySentinel(mock, input.runId, input.sentinel, input.timeoutMs);
  } else {
    await settleByQuietPeriod(mock, input.runId);
  }
  markRun(output.timings, 'settledAt');
}
