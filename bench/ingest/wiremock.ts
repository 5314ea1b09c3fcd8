import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { waitForExit } from '../child-process.js';
import {
  BATCH_PATH,
  BATCH_SIZE,
  BENCH_COLLECTION,
  BENCH_WRITE_KEY,
  SINGLE_EVENT_PATH,
} from './keen-requests.js';
import type { IngestTarget } from './targets.js';

const require = createRequire(import.meta.url);

/** Maximum wait for the JVM to start WireMock and print its port. */
const START_TIMEOUT_MS = 60_000;

/** WireMock stubs that reply to the bench's two writes as Keen does, after checking the write key. */
function keenStubs(): Record<string, unknown>[] {
  const batchReply = {
    [BENCH_COLLECTION]: Array.from({ length: BATCH_SIZE }, () => ({ success: true })),
  };
  const request = (urlPath: string) => ({
    method: 'POST',
    urlPath,
    headers: { Authorization: { equalTo: BENCH_WRITE_KEY } },
  });
  return [
    {
      request: request(SINGLE_EVENT_PATH),
      response: {
        status: 201,
        jsonBody: { created: true },
        headers: { 'Content-Type': 'application/json' },
      },
    },
    {
      request: request(BATCH_PATH),
      response: {
        status: 200,
        jsonBody: batchReply,
        headers: { 'Content-Type': 'application/json' },
      },
    },
  ];
}

/** The standalone jar that the `wiremock` npm package ships in its `build/` folder. */
export async function findWireMockJar(): Promise<string> {
  const folder = join(dirname(require.resolve('wiremock/package.json')), 'build');
  const jar = (await readdir(folder)).find((name) => /^wiremock-standalone-.*\.jar$/.test(name));
  if (jar === undefined)
    throw new Error(`no wiremock-standalone jar in ${folder}: reinstall the wiremock package`);
  return join(folder, jar);
}

async function admin(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${url}/__admin${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`WireMock ${method} /__admin${path} failed with ${response.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function countRequests(url: string, urlPath: string): Promise<number> {
  const reply = (await admin(url, 'POST', '/requests/count', { method: 'POST', urlPath })) as {
    count: number;
  };
  return reply.count;
}

/**
 * Start WireMock standalone with Java on 127.0.0.1, port 0, with its request journal on (the
 * default) and stubs for the bench's single and batch writes. Request logging and gzip are off.
 */
export async function startWireMock(): Promise<IngestTarget> {
  const root = await mkdtemp(join(tmpdir(), 'keen-bench-wiremock-'));
  await mkdir(join(root, 'mappings'));
  await writeFile(join(root, 'mappings', 'keen.json'), JSON.stringify({ mappings: keenStubs() }));

  const args = ['-jar', await findWireMockJar(), '--port', '0', '--bind-address', '127.0.0.1'];
  args.push('--root-dir', root, '--disable-request-logging', '--disable-gzip');
  const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'inherit'] });

  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`WireMock printed no port within ${START_TIMEOUT_MS} ms:\n${output}`)),
      START_TIMEOUT_MS,
    );
    child.on('error', (error) =>
      reject(new Error(`failed to start java for WireMock: ${error.message}`)),
    );
    child.on('exit', (code) => reject(new Error(`WireMock exited with code ${code}:\n${output}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /^port:\s+(\d+)/m.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      child.stdout.resume();
      resolve(Number(match[1]));
    });
  });
  child.stdout.removeAllListeners('data');
  child.stdout.resume();
  const url = `http://127.0.0.1:${port}`;

  return {
    name: 'wiremock',
    url,
    pid: child.pid ?? 0,
    journaled: async () =>
      (await countRequests(url, SINGLE_EVENT_PATH)) +
      BATCH_SIZE * (await countRequests(url, BATCH_PATH)),
    reset: async () => {
      await admin(url, 'DELETE', '/requests');
    },
    stop: async () => {
      child.kill('SIGTERM');
      await waitForExit(child);
      await rm(root, { recursive: true, force: true });
    },
  };
}
