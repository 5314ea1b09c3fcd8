import { setTimeout as delay } from 'node:timers/promises';

import express, { type NextFunction, type Request, type Response } from 'express';

import type { MockCore } from '../core/core.js';
import { corsHeaders, preflightHeaders } from '../core/cors.js';
import { KeenError } from '../core/errors.js';
import type { CoreRequest } from '../core/types.js';
import { webRouter } from '../web/routes.js';
import { inspectionRouter } from './inspect.js';
import { requireInspectToken } from './inspect-token.js';

/**
 * Body-parser limit. It is above Keen's 10,000,000-byte batch limit so that the core, not the
 * parser, rejects oversized writes with Keen's 413 error.
 */
const RAW_BODY_LIMIT = '32mb';

const EMPTY_BODY = Buffer.alloc(0);

function toCoreRequest(req: Request): CoreRequest {
  const url = req.originalUrl;
  const queryStart = url.indexOf('?');
  return {
    method: req.method,
    path: queryStart === -1 ? url : url.slice(0, queryStart),
    query: queryStart === -1 ? '' : url.slice(queryStart + 1),
    headers: req.headers,
    rawBody: Buffer.isBuffer(req.body) ? req.body : EMPTY_BODY,
    clientIp: req.socket.remoteAddress ?? '',
  };
}

/** Express error from body-parser: it carries the HTTP status and a type such as `entity.too.large`. */
interface HttpError extends Error {
  status?: number;
  type?: string;
}

export interface MockAppOptions {
  /** Require `Authorization: Bearer TOKEN` on every `/mock` request; default none. */
  inspectToken?: string;
}

/** Build the Express app: the inspection API under `/mock`, every other path fed to the core. */
export function createMockApp(
  core: MockCore,
  log: (line: string) => void,
  options: MockAppOptions = {},
): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');

  app.use('/mock', (req, res, next) => {
    if (req.method === 'OPTIONS') {
      res.status(204).set(preflightHeaders(req.headers)).end();
      return;
    }
    res.set(corsHeaders(req.headers));
    next();
  });
  app.use('/mock', requireInspectToken(options.inspectToken));
  app.use('/mock', webRouter(log));
  app.use('/mock', inspectionRouter(core));

  app.use(express.raw({ type: () => true, limit: RAW_BODY_LIMIT }), async (req, res) => {
    const request = toCoreRequest(req);
    const response = core.journal.captureRequest(request, () => core.handle(request));
    if (response.delayMs) await delay(response.delayMs);
    if (response.dropConnection) {
      req.socket.destroy();
      return;
    }
    res.status(response.status).set(response.headers).end(response.body);
  });

  app.use((error: HttpError, req: Request, res: Response, _next: NextFunction) => {
    const keenError =
      error.type === 'entity.too.large'
        ? new KeenError(
            'RequestEntityTooLargeError',
            `The request body is larger than ${RAW_BODY_LIMIT}.`,
          )
        : error.status !== undefined && error.status < 500
          ? new KeenError(
              'InvalidEventError',
              `The request body could not be read: ${error.message}.`,
            )
          : null;
    if (keenError === null) {
      log(
        `mock-keen: internal error on ${req.method} ${req.path}: ${error.stack ?? error.message}`,
      );
    }
    const status = keenError?.status ?? 500;
    const body = keenError?.toBody() ?? {
      message: 'The mock failed on this request; see its log.',
      error_code: 'InternalServerError',
    };
    res.status(status).set(corsHeaders(req.headers)).json(body);
  });
  return app;
}
