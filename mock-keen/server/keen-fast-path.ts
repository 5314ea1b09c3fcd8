import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';

import type { MockCore } from '../core/core.js';
import { corsHeaders } from '../core/cors.js';
import { KeenError } from '../core/errors.js';
import type { CoreRequest, CoreResponse } from '../core/types.js';

/** Largest body read: 32 MiB, the limit of the Express route's body parser. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Express serves `/mock` and `/mock/…`, which it matches without regard to case, and bodies with a
 * `Content-Encoding`, which its body parser inflates.
 */
function needsExpress(request: IncomingMessage, url: string): boolean {
  const queryStart = url.indexOf('?');
  const path = (queryStart === -1 ? url : url.slice(0, queryStart)).toLowerCase();
  return (
    path === '/mock' ||
    path.startsWith('/mock/') ||
    request.headers['content-encoding'] !== undefined
  );
}

/** Read the whole body; resolve null once it passes MAX_BODY_BYTES, and discard the rest. */
function readBody(request: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    request.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > MAX_BODY_BYTES) {
        chunks.length = 0;
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Send a reply as Express does: headers set one by one, so that `end` adds the Content-Length. */
function send(
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string | Buffer,
): void {
  response.statusCode = status;
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  response.end(body);
}

function sendJson(
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: unknown,
): void {
  send(response, status, { ...headers, 'Content-Type': JSON_TYPE }, JSON.stringify(body));
}

async function sendCoreResponse(
  request: IncomingMessage,
  response: ServerResponse,
  reply: CoreResponse,
): Promise<void> {
  if (reply.delayMs) await delay(reply.delayMs);
  if (reply.dropConnection) {
    request.socket.destroy();
    return;
  }
  send(response, reply.status, reply.headers, reply.body);
}

function toCoreRequest(request: IncomingMessage, url: string, rawBody: Buffer): CoreRequest {
  const queryStart = url.indexOf('?');
  return {
    method: request.method ?? 'GET',
    path: queryStart === -1 ? url : url.slice(0, queryStart),
    query: queryStart === -1 ? '' : url.slice(queryStart + 1),
    headers: request.headers,
    rawBody,
    clientIp: request.socket.remoteAddress ?? '',
  };
}

function sendKeenError(request: IncomingMessage, response: ServerResponse, error: KeenError): void {
  if (response.headersSent || request.socket.destroyed) return;
  sendJson(response, error.status, corsHeaders(request.headers), error.toBody());
}

/**
 * Build the server's request listener. Keen's API goes straight to the core, without Express
 * routing and body parsing, because it carries every write; `/mock` and encoded bodies go to `app`.
 * Replies are the same as the Express route's: the core's reply, Keen's 413 past 32 MiB, Keen's
 * 400 for a body that could not be read, and a logged 500 when the core fails.
 */
export function createKeenRequestListener(
  core: MockCore,
  app: RequestListener,
  log: (line: string) => void,
): RequestListener {
  const tooLarge = () =>
    new KeenError('RequestEntityTooLargeError', 'The request body is larger than 32mb.');

  return async (request, response) => {
    const url = request.url ?? '/';
    if (needsExpress(request, url)) {
      app(request, response);
      return;
    }
    if (Number(request.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      sendKeenError(request, response, tooLarge());
      return;
    }

    let rawBody: Buffer | null;
    try {
      rawBody = await readBody(request);
    } catch (error) {
      sendKeenError(
        request,
        response,
        new KeenError(
          'InvalidEventError',
          `The request body could not be read: ${(error as Error).message}.`,
        ),
      );
      return;
    }
    if (rawBody === null) {
      sendKeenError(request, response, tooLarge());
      return;
    }

    try {
      const coreRequest = toCoreRequest(request, url, rawBody);
      const reply = core.journal.captureRequest(coreRequest, () => core.handle(coreRequest));
      await sendCoreResponse(request, response, reply);
    } catch (error) {
      log(
        `mock-keen: internal error on ${request.method} ${url}: ${(error as Error).stack ?? String(error)}`,
      );
      if (response.headersSent || request.socket.destroyed) return;
      const body = {
        message: 'The mock failed on this request; see its log.',
        error_code: 'InternalServerError',
      };
      sendJson(response, 500, corsHeaders(request.headers), body);
    }
  };
}
