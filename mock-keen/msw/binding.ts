import type { BrowserContext, Page } from '@playwright/test';

import type { KeenResponder } from './responder.js';
import { DEFAULT_BINDING_NAME, type WireRequest, type WireResponse } from './wire.js';

/**
 * Expose `responder` to every page of `target` as the binding that `createKeenBrowserHandlers`
 * calls, so a page's `setupWorker` handlers are served by the mock in the test process. Call it
 * before the page loads.
 */
export async function exposeResponder(
  target: BrowserContext | Page,
  responder: KeenResponder,
  bindingName: string = DEFAULT_BINDING_NAME,
): Promise<void> {
  await target.exposeBinding(
    bindingName,
    async (_source, wire: WireRequest): Promise<WireResponse> => {
      const reply = await responder.respond({
        method: wire.method,
        url: wire.url,
        headers: wire.headers,
        body: Buffer.from(wire.body, 'base64'),
      });
      if (reply === 'network-error') return { networkError: true };

      const body = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body;
      return {
        networkError: false,
        status: reply.status,
        headers: Object.entries(reply.headers),
        body: body.toString('base64'),
      };
    },
  );
}
