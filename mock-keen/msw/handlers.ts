import { http, HttpResponse, type HttpHandler } from 'msw';

import type { MockCore } from '../core/core.js';
import type { CoreResponse } from '../core/types.js';
import { KeenResponder, type KeenResponderOptions } from './responder.js';
import { NULL_BODY_STATUSES } from './wire.js';

/** Convert the core's reply to a Fetch response. */
export function toFetchResponse(response: CoreResponse): Response {
  const bytes =
    typeof response.body === 'string'
      ? new TextEncoder().encode(response.body)
      : new Uint8Array(response.body);
  const body = bytes.length === 0 || NULL_BODY_STATUSES.has(response.status) ? null : bytes;
  return new Response(body, { status: response.status, headers: response.headers });
}

/** Build one MSW handler per base URL of `responder`, each passing its requests to the responder. */
export function handlersFor(responder: KeenResponder): HttpHandler[] {
  return responder.bases.map((base) =>
    http.all(base.pattern, async ({ request }) => {
      const reply = await responder.respond({
        method: request.method,
        url: request.url,
        headers: request.headers.entries(),
        body: new Uint8Array(await request.arrayBuffer()),
      });
      return reply === 'network-error' ? HttpResponse.error() : toFetchResponse(reply);
    }),
  );
}

/**
 * Build MSW handlers that serve Keen's API at `https://api.keen.io` (or `options.baseUrls`) from
 * `core`, the same core the mock's HTTP server runs on, for `setupServer` in Node.
 *
 * NOTE: MSW hands over the request before Node's fetch adds its default `User-Agent: node`, so
 * without an explicit header `${keen.user_agent}` becomes null here but `node` over the HTTP server.
 */
export function createKeenHandlers(
  core: MockCore,
  options: KeenResponderOptions = {},
): HttpHandler[] {
  return handlersFor(new KeenResponder(core, options));
}
