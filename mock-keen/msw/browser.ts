import { http, HttpResponse, type HttpHandler } from 'msw';

import { DEFAULT_BASE_URLS, parseBaseUrl } from './base-url.js';
import {
  DEFAULT_BINDING_NAME,
  NULL_BODY_STATUSES,
  decodeBase64,
  encodeBase64,
  type WireRequest,
  type WireResponse,
} from './wire.js';

export interface KeenBrowserHandlerOptions {
  /** Base URLs of Keen's API that the handlers serve; default `https://api.keen.io`. */
  baseUrls?: readonly string[];
  /** The page binding the test exposed with `keenMock.exposeTo(context)`; default `__keenMock`. */
  bindingName?: string;
}

type Binding = (request: WireRequest) => Promise<WireResponse>;

function findBinding(name: string): Binding {
  const binding = (globalThis as unknown as Record<string, unknown>)[name];
  if (typeof binding !== 'function') {
    throw new Error(
      `The Keen mock binding ${name} is missing from the page: call exposeTo(context) on the test's Keen mock before the page loads.`,
    );
  }
  return binding as Binding;
}

/**
 * Add the browser's User-Agent header. The browser sets it only on the network request, so the
 * request MSW hands over lacks it, and `${keen.user_agent}` needs it.
 */
function withUserAgent(headers: Array<[string, string]>): Array<[string, string]> {
  const hasUserAgent = headers.some(([name]) => name.toLowerCase() === 'user-agent');
  return hasUserAgent || typeof navigator === 'undefined'
    ? headers
    : [...headers, ['user-agent', navigator.userAgent]];
}

/**
 * Build MSW handlers for `setupWorker` in a page. They contain no mock: each request goes to the
 * test process through the Playwright binding, where the same core as the Node handlers builds the
 * reply and keeps the journal. This module imports nothing from Node, so it bundles for the browser.
 */
export function createKeenBrowserHandlers(options: KeenBrowserHandlerOptions = {}): HttpHandler[] {
  const bindingName = options.bindingName ?? DEFAULT_BINDING_NAME;
  const bases = (options.baseUrls ?? DEFAULT_BASE_URLS).map(parseBaseUrl);

  return bases.map((base) =>
    http.all(base.pattern, async ({ request }) => {
      const wire: WireRequest = {
        method: request.method,
        url: request.url,
        headers: withUserAgent([...request.headers.entries()]),
        body: encodeBase64(new Uint8Array(await request.arrayBuffer())),
      };
      const reply = await findBinding(bindingName)(wire);
      if (reply.networkError) return HttpResponse.error();

      const bytes = decodeBase64(reply.body);
      const hasBody = bytes.length > 0 && !NULL_BODY_STATUSES.has(reply.status);
      return new Response(hasBody ? bytes : null, { status: reply.status, headers: reply.headers });
    }),
  );
}
