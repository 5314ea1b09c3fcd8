import { setTimeout as sleep } from 'node:timers/promises';

import type { MockCore } from '../core/core.js';
import type { CoreRequest, CoreResponse } from '../core/types.js';
import { DEFAULT_BASE_URLS, locateRequest, parseBaseUrl, type KeenBase } from './base-url.js';

export interface KeenResponderOptions {
  /** Base URLs of Keen's API that the handlers serve; default `https://api.keen.io`. See parseBaseUrl. */
  baseUrls?: readonly string[];
  /** The client address that `${keen.ip}` becomes; default 127.0.0.1, the address of a loopback client. */
  clientIp?: string;
}

/** A request as any transport hands it over: Fetch's parts with the body read. */
export interface ExchangeRequest {
  method: string;
  url: string;
  /** Header names in any case; they are lower-cased for the core. */
  headers: Iterable<[string, string]>;
  body: Uint8Array;
}

/** The reply, or `network-error` where the HTTP server would drop the connection. */
export type ExchangeResponse = CoreResponse | 'network-error';

/**
 * Serves requests that reach the mock without its HTTP server: from MSW handlers in Node and,
 * through a Playwright binding, from a page. The core builds each reply. Injected delays and dropped
 * connections are carried out here, as the HTTP server carries them out.
 */
export class KeenResponder {
  readonly bases: readonly KeenBase[];
  private readonly clientIp: string;

  constructor(
    readonly core: MockCore,
    options: KeenResponderOptions = {},
  ) {
    this.bases = (options.baseUrls ?? DEFAULT_BASE_URLS).map(parseBaseUrl);
    this.clientIp = options.clientIp ?? '127.0.0.1';
  }

  async respond(exchange: ExchangeRequest): Promise<ExchangeResponse> {
    const response = this.core.handle(this.toCoreRequest(exchange));

    if (response.delayMs) await sleep(response.delayMs);
    return response.dropConnection ? 'network-error' : response;
  }

  private toCoreRequest(exchange: ExchangeRequest): CoreRequest {
    const url = new URL(exchange.url);
    const location = locateRequest(exchange.url, this.bases) ?? {
      path: url.pathname,
      query: url.search.slice(1),
    };

    const headers: Record<string, string> = {};
    for (const [name, value] of exchange.headers) headers[name.toLowerCase()] = value;
    return {
      method: exchange.method.toUpperCase(),
      path: location.path,
      query: location.query,
      headers,
      rawBody: Buffer.from(
        exchange.body.buffer,
        exchange.body.byteOffset,
        exchange.body.byteLength,
      ),
      clientIp: this.clientIp,
    };
  }
}
