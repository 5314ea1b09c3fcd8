import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

import express from 'express';
import type { NextFunction, Request, Response } from 'express';

import {
  COLLECTION_ROUTES,
  readMessages,
  readSourceWriteKey,
  RequestError,
} from './collection-api.js';
import { handleMessage } from './handle-message.js';
import type { CloudMutations, MessageResult } from './handle-message.js';
import type { RetryPolicy } from './keen-client.js';
import { fingerprint, readSourceConfig, SourceRegistry } from './sources.js';

export type { CloudMutations, MessageResult, SourceConfig } from './handle-message.js';

/** Options of the cloud destination server. */
export interface CloudDestinationOptions {
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Port to bind; default 0, any free port. */
  port?: number;
  /** Retries of failed Keen writes; defaults 2 retries and a 100 ms base delay. */
  retry?: Partial<RetryPolicy>;
  /** Deliberate defects for negative controls; none by default. */
  mutations?: CloudMutations;
  /** Receives one line per start, stop, retry and error; default standard error. */
  log?: (line: string) => void;
}

/** A running cloud destination. */
export interface CloudDestination {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Request body limit, above the 500 KB batch limit of Segment's collection API, so no valid batch is rejected. */
const BODY_LIMIT = '1mb';

const SUPPORTED_PATHS = [
  ...Object.keys(COLLECTION_ROUTES).map((route) => `POST /v1/${route}`),
  'PUT /config/sources/{sourceWriteKey}',
  'GET /results/{sourceWriteKey}',
];

/**
 * Starts the reference cloud Keen destination: Segment's collection API, which maps each
 * message to Keen writes and sends them to the Keen base URL configured for its source.
 */
export async function startCloudDestination(
  options: CloudDestinationOptions = {},
): Promise<CloudDestination> {
  const log =
    options.log ?? ((line: string) => process.stderr.write(`[cloud-destination] ${line}\n`));
  const retry: RetryPolicy = {
    maxRetries: options.retry?.maxRetries ?? 2,
    baseDelayMs: options.retry?.baseDelayMs ?? 100,
  };
  const app = createApp(new SourceRegistry(), { log, retry, mutations: options.mutations ?? {} });

  const server = app.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await once(server, 'listening');
  const { address, port } = server.address() as AddressInfo;
  const url = `http://${address}:${port}`;
  log(`listening on ${url}`);

  return {
    url,
    port,
    async close() {
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closed;
      log(`stopped ${url}`);
    },
  };
}

interface AppOptions {
  log: (line: string) => void;
  retry: RetryPolicy;
  mutations: CloudMutations;
}

function createApp(sources: SourceRegistry, options: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Any content type is read as JSON, as raw senders often omit it or send text/plain.
  app.use(express.json({ limit: BODY_LIMIT, type: () => true, strict: false }));

  app.post('/v1/:route', async (request: Request, response: Response) => {
    const route = COLLECTION_ROUTES[String(request.params.route)];
    if (route === undefined)
      throw new RequestError(404, `unknown collection route ${request.path}`);

    const sourceWriteKey = readSourceWriteKey(request.headers.authorization);
    if (sourceWriteKey === null || !sources.has(sourceWriteKey)) {
      response.set('WWW-Authenticate', 'Basic realm="Segment"');
      throw new RequestError(
        401,
        'missing or unknown source write key: send it as the Basic auth user name',
      );
    }

    const messages = readMessages(route, request.body);
    const receivedAt = new Date();
    const sourceLabel = `source ${fingerprint(sourceWriteKey)}`;
    await sources.run(sourceWriteKey, async (config) => {
      const results: MessageResult[] = [];
      for (const message of messages) {
        const messageLabel =
          typeof message.messageId === 'string' ? message.messageId : '(no messageId)';
        const log = (line: string) =>
          options.log(`${sourceLabel} ${message.type} ${messageLabel}: ${line}`);
        results.push(await handleMessage(message, config, { ...options, log, receivedAt }));
      }
      return results;
    });
    response.json({ success: true });
  });

  app.put('/config/sources/:sourceWriteKey', (request: Request, response: Response) => {
    const sourceWriteKey = String(request.params.sourceWriteKey);
    const config = readSourceConfig(request.body);
    sources.configure(sourceWriteKey, config);
    options.log(
      `source ${fingerprint(sourceWriteKey)} configured for project ${String(config.settings.projectId ?? '(none)')}`,
    );
    response.json({ configured: true });
  });

  app.get('/results/:sourceWriteKey', (request: Request, response: Response) => {
    const results = sources.results(String(request.params.sourceWriteKey));
    if (results === undefined)
      throw new RequestError(
        404,
        'unknown source write key: configure it with PUT /config/sources/{sourceWriteKey}',
      );
    response.json({ results });
  });

  app.use((request: Request) => {
    throw new RequestError(404, `no route for ${request.method} ${request.path}`);
  });
  app.use(createErrorHandler(options.log));
  return app;
}

/** Replies `{"success": false, "message": …}` with the error's status; logs every error it handles. */
function createErrorHandler(log: (line: string) => void) {
  return (error: unknown, request: Request, response: Response, _next: NextFunction) => {
    const status = readStatus(error);
    const message = describeError(error);
    log(`${request.method} ${routeLabel(request)} answered ${status}: ${message}`);

    const body: Record<string, unknown> = { success: false, message };
    if (status === 404) body.supportedPaths = SUPPORTED_PATHS;
    response.status(status).json(body);
  };
}

/** Takes the status of a RequestError or of a body-parser error (400 for bad JSON, 413 for too large). */
function readStatus(error: unknown): number {
  if (error instanceof RequestError) return error.status;
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

/** Describes an error; a JSON syntax error is not quoted, because it echoes the body and a body may carry keys. */
function describeError(error: unknown): string {
  if ((error as { type?: unknown } | null)?.type === 'entity.parse.failed')
    return 'request body is not valid JSON';
  return error instanceof Error ? error.message : String(error);
}

/** Returns the request path with any source write key replaced, so logs never carry a key. */
function routeLabel(request: Request): string {
  return request.path.replace(/^\/(config\/sources|results)\/.*/, '/$1/{sourceWriteKey}');
}
