import type { Page } from '@playwright/test';
import type { KeenSettings } from '../../schemas/generated/types.js';
import { startRunTimings, type RunTimings } from '../run-timings.js';

/** The requests, console lines and errors the browser reported during one run. */
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
  timings: RunTimings;
}

/** Maximum length of a `requests` line. A JSONP URL contains the whole event and can reach 16,000 characters. */
const MAX_REQUEST_URL_LENGTH = 300;

export function emptyRunOutput(): DeviceRunOutput {
  return {
    blockedRequests: [],
    requests: [],
    console: [],
    pageErrors: [],
    loaded: false,
    timings: startRunTimings(),
  };
}

/** Opens the page under test in `page`, recording its requests, console lines and errors in `output`. */
export async function openPage(
  page: Page,
  pageUrl: string,
  referrer: string | undefined,
  output: DeviceRunOutput,
  redact: (text: string) => string,
): Promise<Page> {
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

/** Replaces the run's Keen keys in text that leaves the run, such as console lines and URLs. */
export function keyRedactor(settings: KeenSettings): (text: string) => string {
  const keys = [settings.writeKey, settings.readKey].filter((key) => key.length > 0);
  return (text) => keys.reduce((redacted, key) => redacted.split(key).join('[key]'), text);
}
