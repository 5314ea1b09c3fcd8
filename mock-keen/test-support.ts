import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { startMockKeen, type MockKeen, type MockKeenOptions } from './index.js';
import type { ProjectConfig } from './core/types.js';

export const PROJECT_ID = 'project-1';
export const WRITE_KEY = 'write-key-1';
export const READ_KEY = 'read-key-1';
export const MASTER_KEY = 'master-key-1';

/** The project every test run registers: one key of each kind. */
export const PROJECT: ProjectConfig = {
  projectId: PROJECT_ID,
  keys: [
    { key: WRITE_KEY, kind: 'write' },
    { key: READ_KEY, kind: 'read' },
    { key: MASTER_KEY, kind: 'master' },
  ],
};

export interface TestMock extends MockKeen {
  /** Lines the mock logged. */
  logLines: string[];
}

/** Start a mock on 127.0.0.1 port 0 with its log captured, and register PROJECT for `runIds`. */
export async function startTestMock(
  runIds: string[] = ['default'],
  options: MockKeenOptions = {},
): Promise<TestMock> {
  const logLines: string[] = [];
  const mock = await startMockKeen({ log: (line) => logLines.push(line), ...options });
  for (const runId of runIds) mock.core.registry.registerRun(runId, [PROJECT]);
  return { ...mock, logLines };
}

/** Encode an event as keen-js and keen-tracking do for `data`: UTF-8 JSON in standard base64. */
export function encodeData(event: unknown): string {
  return Buffer.from(JSON.stringify(event), 'utf8').toString('base64');
}

/** Build a Keen events URL of the default run, or of `runId`. */
export function eventsUrl(mock: MockKeen, collection?: string, runId?: string): string {
  const prefix = runId === undefined ? '' : `/runs/${runId}`;
  const suffix = collection === undefined ? '' : `/${encodeURIComponent(collection)}`;
  return `${mock.url}${prefix}/3.0/projects/${PROJECT_ID}/events${suffix}`;
}

/** POST a JSON body with the write key in the Authorization header. */
export function postJson(url: string, body: unknown, key: string = WRITE_KEY): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { Authorization: key, 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A loopback web server for browser tests, serving fixed files by path. */
export interface StaticSite {
  origin: string;
  close(): Promise<void>;
}

/**
 * Start a site on 127.0.0.1 port 0 that serves `files` (path to HTML or JavaScript). A page served
 * from it reaches the mock cross-origin, because the ports differ, so preflights and CORS are real.
 */
export async function startStaticSite(files: Record<string, string>): Promise<StaticSite> {
  const server = createServer((request, response) => {
    const body = files[request.url ?? '/'];
    if (body === undefined) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end(`No file at ${request.url}`);
      return;
    }
    const type = request.url?.endsWith('.js') ? 'application/javascript' : 'text/html';
    response.writeHead(200, { 'Content-Type': type }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
