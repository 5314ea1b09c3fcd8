import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

import express from 'express';

/** One request as the scripted endpoint received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
}

/**
 * A reply to play: a status with a JSON or raw body, or `destroy` to drop the connection unanswered.
 * A 2xx reply without a body reports every event of the request as succeeded.
 */
export type ScriptedReply =
  | { status: number; body?: unknown; rawBody?: string; headers?: Record<string, string> }
  | 'destroy';

/** A running scripted endpoint. */
export interface ScriptedKeen {
  /** The Keen API base to configure, `http://127.0.0.1:PORT/3.0`. */
  baseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * Starts a Keen stand-in on 127.0.0.1 that records every request and plays `replies` in order.
 * Once the script is used up it responds like Keen's batch endpoint, with every event succeeded.
 * Used where a test needs replies the mock does not give by default (5xx, 429, dropped connections).
 */
export async function startScriptedKeen(replies: ScriptedReply[] = []): Promise<ScriptedKeen> {
  const requests: RecordedRequest[] = [];
  const script = [...replies];
  const app = express();
  app.use(express.text({ type: () => true }));

  app.use((request, response) => {
    const rawBody = typeof request.body === 'string' ? request.body : '';
    requests.push({
      method: request.method,
      path: request.path,
      query: { ...request.query },
      headers: request.headers,
      rawBody,
    });

    const reply = script.shift() ?? { status: 200, body: succeedAll(rawBody) };
    if (reply === 'destroy') {
      request.socket.destroy();
      return;
    }
    response.status(reply.status).set(reply.headers ?? {});
    if (reply.rawBody !== undefined) response.send(reply.rawBody);
    else response.json(reply.body ?? (reply.status < 300 ? succeedAll(rawBody) : {}));
  });

  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/3.0`,
    requests,
    async close() {
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
}

function succeedAll(rawBody: string): Record<string, unknown[]> {
  const batch = JSON.parse(rawBody) as Record<string, unknown[]>;
  return Object.fromEntries(
    Object.entries(batch).map(([collection, events]) => [
      collection,
      events.map(() => ({ success: true })),
    ]),
  );
}
