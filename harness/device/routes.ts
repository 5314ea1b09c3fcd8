import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { BrowserContext, Route } from '@playwright/test';
import type { PageLease } from './page-lease.js';
import type { DeviceAssets } from '../../destination/device/build.js';
import { KEEN_JS_VERSION } from '../../destination/device/build.js';
import { KEEN_IO_INTEGRATION_VERSION } from './cdn-settings.js';
import { analyticsScriptPath } from './page.js';

export interface ThirdPartyRoutesOptions {
  /** URL of the page under test, where the route serves `pageHtml`. */
  pageUrl: string;
  pageHtml: string;
  sourceWriteKey: string;
  cdnSettings: Record<string, unknown>;
  assets: DeviceAssets;
  /** The mock's root URL. Requests to `https://api.keen.io/3.0/…` go to `{mockUrl}/runs/{runId}/3.0/…`. */
  mockUrl: string;
  runId: string;
  /** When given, keen-js is served only once this promise settles, so calls can be made before it loads. */
  keenLibraryGate?: Promise<void>;
  /**
   * When given, `https://api.segment.io/v1/…` is forwarded to this collection API (web cloud mode).
   * Otherwise Segment's API is not routed and the guard aborts requests to it.
   */
  collectionApiUrl?: string;
}

export interface ThirdPartyRoutes {
  /** URLs the guard aborted because no route serves their host. */
  blockedRequests: string[];
  /** Requests that a route failed to fulfill, each with its error. */
  errors: string[];
  /** Settles when the page first requests keen-js from Keen's CDN. */
  keenLibraryRequested: Promise<void>;
}

/** A context to route, or a page lease whose context already has a catch-all route. */
export type RouteTarget = BrowserContext | Pick<PageLease, 'routeAll'>;

const SEGMENT_CDN = 'https://cdn.segment.com';
const KEEN_CDN_HOST = 'd26b395fwzu5fz.cloudfront.net';
const KEEN_API = 'https://api.keen.io';
const SEGMENT_API = 'https://api.segment.io';

/**
 * keen-js 3.4.0's full bundle (`keen.min.js`) registers a Google Charts adapter that loads this
 * script at start-up. The route replies 404, so keen-js reports a chart library error, and tracking
 * is unaffected.
 */
const GOOGLE_CHART_LOADER = 'https://www.google.com/jsapi';

const require = createRequire(import.meta.url);
const ANALYTICS_UMD_DIR = join(
  dirname(require.resolve('@segment/analytics-next/package.json')),
  'dist',
  'umd',
);

/** Webpack chunk names in analytics-next's UMD folder: letters, digits, dots, dashes and underscores. */
const CHUNK_NAME = /^[\w.-]+\.js$/;

/**
 * Serves every third-party host the page needs from this process and aborts every other request.
 * The routed hosts are the page's own origin, Segment's CDN (settings, analytics.js and its chunks,
 * the integration bundle), Keen's CDN under http and https, and Keen's API. Keen's API is forwarded
 * to the mock under the run's namespace. An unknown path on a routed host gets a 404, and so does
 * Google's chart loader, which keen-js's full bundle requests. In web cloud mode Segment's API is
 * forwarded to the collection API as well.
 */
export async function routeThirdParties(
  target: RouteTarget,
  options: ThirdPartyRoutesOptions,
): Promise<ThirdPartyRoutes> {
  let keenLibraryRequested = (): void => undefined;
  const routes: ThirdPartyRoutes = {
    blockedRequests: [],
    errors: [],
    keenLibraryRequested: new Promise((resolve) => (keenLibraryRequested = resolve)),
  };
  const pageUrl = new URL(options.pageUrl);
  let forwarding = Promise.resolve();
  let collecting = Promise.resolve();

  const dispatch = async (route: Route, url: URL): Promise<void> => {
    if (url.origin === pageUrl.origin)
      return servePageOrigin(route, url, pageUrl, options.pageHtml);
    if (url.origin === SEGMENT_CDN) return serveSegmentCdn(route, url, options);
    if (url.host === KEEN_CDN_HOST && (url.protocol === 'https:' || url.protocol === 'http:')) {
      keenLibraryRequested();
      await options.keenLibraryGate;
      return serveKeenCdn(route, url, options.assets);
    }
    if (url.origin === KEEN_API && url.pathname.startsWith('/3.0/')) {
      // One request at a time, so the mock receives Keen requests in the order the page sent them.
      // The next request goes out once the mock has replied, without waiting for the page to
      // take the reply.
      const reply = forwarding.then(() => sendToMock(route, url, options));
      forwarding = reply.then(
        () => undefined,
        () => undefined,
      );
      return route.fulfill(await reply);
    }
    if (`${url.origin}${url.pathname}` === GOOGLE_CHART_LOADER) return notFound(route);
    if (options.collectionApiUrl && url.origin === SEGMENT_API && url.pathname.startsWith('/v1/')) {
      // One message at a time, so the collection API handles them in the order analytics.js sent them.
      const collectionApiUrl = options.collectionApiUrl;
      const forward = collecting.then(() => forwardToCollectionApi(route, url, collectionApiUrl));
      collecting = forward.catch(() => undefined);
      return forward;
    }

    routes.blockedRequests.push(url.href);
    return route.abort('blockedbyclient');
  };

  const handle = async (route: Route): Promise<void> => {
    const url = new URL(route.request().url());
    try {
      await dispatch(route, url);
    } catch (error) {
      // Requests still in flight when the context closes also fail here, and are listed as well.
      routes.errors.push(`${route.request().method()} ${url.href}: ${(error as Error).message}`);
    }
  };
  if ('routeAll' in target) target.routeAll(handle);
  else await target.route('**/*', handle);

  return routes;
}

async function servePageOrigin(route: Route, url: URL, pageUrl: URL, html: string): Promise<void> {
  if (url.pathname === pageUrl.pathname && url.search === pageUrl.search) {
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
  }
  return notFound(route);
}

async function serveSegmentCdn(
  route: Route,
  url: URL,
  options: ThirdPartyRoutesOptions,
): Promise<void> {
  const writeKey = encodeURIComponent(options.sourceWriteKey);
  const integrationPath = `/next-integrations/integrations/keen-io/${KEEN_IO_INTEGRATION_VERSION}/keen-io.dynamic.js.gz`;

  if (url.pathname === `/v1/projects/${writeKey}/settings`) {
    return route.fulfill({ status: 200, json: options.cdnSettings });
  }
  if (url.pathname === analyticsScriptPath(options.sourceWriteKey)) {
    const source = await readAnalyticsFile('standalone.js');
    if (source === undefined) {
      throw new Error(`${ANALYTICS_UMD_DIR}/standalone.js could not be read: run npm ci`);
    }
    return serveJavaScript(route, source);
  }
  if (url.pathname.startsWith('/analytics-next/bundles/')) {
    const chunk = url.pathname.slice('/analytics-next/bundles/'.length);
    if (!CHUNK_NAME.test(chunk)) return notFound(route);
    const source = await readAnalyticsFile(chunk);
    return source === undefined ? notFound(route) : serveJavaScript(route, source);
  }
  if (url.pathname === integrationPath) {
    // Segment stores the `.gz` file with `Content-Encoding: gzip`, so the browser runs plain
    // JavaScript. Playwright does not decode a fulfilled body, so it is served decoded.
    return serveJavaScript(route, options.assets.integration);
  }
  return notFound(route);
}

async function serveKeenCdn(route: Route, url: URL, assets: DeviceAssets): Promise<void> {
  if (url.pathname === `/${KEEN_JS_VERSION}/keen-tracker.min.js`)
    return serveJavaScript(route, assets.keenTracker);
  if (url.pathname === `/${KEEN_JS_VERSION}/keen.min.js`)
    return serveJavaScript(route, assets.keenFull);
  return notFound(route);
}

/** analytics-next's files by name, read once per process because every run loads the same ones. */
const analyticsFiles = new Map<string, Promise<string | undefined>>();

/** Reads a file of analytics-next's UMD folder, or returns undefined when it does not exist. */
function readAnalyticsFile(name: string): Promise<string | undefined> {
  let source = analyticsFiles.get(name);
  if (source === undefined) {
    source = readFile(join(ANALYTICS_UMD_DIR, name), 'utf8').catch(() => undefined);
    analyticsFiles.set(name, source);
  }
  return source;
}

/** Request headers that describe the page's connection; fetch sets its own. */
const CONNECTION_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'keep-alive',
  'transfer-encoding',
  'expect',
  'upgrade',
]);

/**
 * Sends the request to the mock with its method, headers and body, and reads the reply.
 * It uses Node's fetch, not route.fetch: Playwright reports each route.fetch as a test step titled
 * with its URL, which carries the write key in `api_key`.
 */
async function sendToMock(
  route: Route,
  url: URL,
  options: ThirdPartyRoutesOptions,
): Promise<MockReply> {
  const target = `${options.mockUrl}/runs/${encodeURIComponent(options.runId)}${url.pathname}${url.search}`;
  const request = route.request();
  const headers = Object.entries(await request.allHeaders()).filter(
    ([name]) => !CONNECTION_HEADERS.has(name),
  );
  const body = request.postDataBuffer();
  const reply = await fetch(target, {
    method: request.method(),
    headers,
    body: body === null ? undefined : new Uint8Array(body),
    redirect: 'manual',
  });
  return {
    status: reply.status,
    headers: Object.fromEntries(reply.headers),
    body: Buffer.from(await reply.arrayBuffer()),
  };
}

/** The mock's reply to a forwarded request, read in full. */
interface MockReply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Plays Segment's tracking API in front of the collection API. analytics.js 1.84 sends the source
 * write key both in the body and as Basic auth; a body-only write key becomes Basic auth here.
 * analytics.js sends no `channel`, and messages from a web source reach cloud destinations with
 * channel "client", so the route adds it when it is missing.
 */
async function forwardToCollectionApi(
  route: Route,
  url: URL,
  collectionApiUrl: string,
): Promise<void> {
  const request = route.request();
  const message = JSON.parse(request.postData() ?? '{}') as Record<string, unknown>;
  message.channel ??= 'client';

  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const authorization = await request.headerValue('authorization');
  if (authorization) headers.authorization = authorization;
  else if (typeof message.writeKey === 'string')
    headers.authorization = `Basic ${Buffer.from(`${message.writeKey}:`).toString('base64')}`;

  const response = await route.fetch({
    url: `${collectionApiUrl}${url.pathname}`,
    method: 'POST',
    headers,
    postData: JSON.stringify(message),
  });
  await route.fulfill({
    response,
    headers: { ...response.headers(), 'access-control-allow-origin': '*' },
  });
}

function serveJavaScript(route: Route, body: string): Promise<void> {
  return route.fulfill({ status: 200, contentType: 'application/javascript; charset=utf-8', body });
}

function notFound(route: Route): Promise<void> {
  return route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not Found' });
}
