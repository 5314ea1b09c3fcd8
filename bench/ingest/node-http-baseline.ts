import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The baseline ingest server: node:http, a JSON parse and an array, nothing else. */
export interface NodeHttpBaseline {
  url: string;
  /** Events kept since the start or the last reset. */
  count(): number;
  reset(): void;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

/**
 * Start the baseline on 127.0.0.1, port 0. A POST to `…/events/{collection}` keeps its event and
 * gets Keen's `{"created": true}`. A POST to `…/events` keeps each event of each collection and
 * gets one `{"success": true}` per event, as Keen's batch reply has it. Anything else gets 404.
 */
export async function startNodeHttpBaseline(): Promise<NodeHttpBaseline> {
  let events: unknown[] = [];

  const server = createServer(async (request, response) => {
    const body = await readBody(request);
    const path = request.url ?? '';
    if (request.method !== 'POST' || !path.includes('/events')) {
      reply(response, 404, {
        message: `No resource for ${request.method} ${path}.`,
        error_code: 'ResourceNotFoundError',
      });
      return;
    }

    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      reply(response, 400, {
        message: 'The request body is not JSON.',
        error_code: 'InvalidEventError',
      });
      return;
    }

    if (!path.endsWith('/events')) {
      events.push(parsed);
      reply(response, 201, { created: true });
      return;
    }
    const results: Record<string, { success: true }[]> = {};
    for (const [collection, list] of Object.entries(parsed as Record<string, unknown[]>)) {
      events.push(...list);
      results[collection] = list.map(() => ({ success: true }));
    }
    reply(response, 200, results);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    count: () => events.length,
    reset: () => {
      events = [];
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
