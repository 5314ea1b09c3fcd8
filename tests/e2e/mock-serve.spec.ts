import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import { expect, test } from '@playwright/test';

import { keyFingerprint } from '../../mock-keen/core/registry.js';

const require = createRequire(import.meta.url);
const TSX_LOADER = require.resolve('tsx');
const CLI = fileURLToPath(new URL('../../harness/cli/main.ts', import.meta.url));
const TEST_DATABASE = fileURLToPath(
  new URL('../../mock-keen/core/addons/testdata/test-geoip.mmdb', import.meta.url),
);

/** Time allowed for the CLI to start; a guard against a hung process, not a measured limit. */
const START_TIMEOUT_MS = 20_000;

/** A running `keen-harness serve`, with everything it printed so far. */
interface Serve {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Wait until the output matches `pattern`. */
  waitFor(pattern: RegExp): Promise<void>;
}

/** Start `keen-harness serve` through tsx directly, so that stopping it stops the mock itself. */
async function startServe(args: string[]): Promise<Serve> {
  const child = spawn(process.execPath, [
    '--import',
    TSX_LOADER,
    CLI,
    'serve',
    '--port',
    '0',
    ...args,
  ]);
  let output = '';
  const waiters: Array<() => void> = [];
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    waiters.forEach((wake) => wake());
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const waitFor = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`serve did not print ${pattern}; output:\n${output}`)),
        START_TIMEOUT_MS,
      );
      const check = () => {
        if (!pattern.test(output)) return;
        clearTimeout(timer);
        resolve();
      };
      waiters.push(check);
      child.once('exit', () => check());
      check();
    });

  // The banner ends with this line, after the addresses and registered projects.
  await waitFor(/Press Ctrl\+C to stop\./);
  const url = /Keen mock listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] as string;
  return { child, url, output: () => output, waitFor };
}

async function stopServe(serve: Serve): Promise<void> {
  if (serve.child.exitCode !== null) return;
  const exited = once(serve.child, 'exit');
  serve.child.kill('SIGINT');
  await exited;
}

/** Run `keen-harness serve` with arguments it must reject, and return its exit code and output. */
async function runRejected(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [
    '--import',
    TSX_LOADER,
    CLI,
    'serve',
    '--port',
    '0',
    ...args,
  ]);
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
}

function write(url: string, projectId: string, key: string, event: object): Promise<Response> {
  return fetch(`${url}/3.0/projects/${projectId}/events/signups`, {
    method: 'POST',
    headers: { Authorization: key, 'Content-Type': 'application/json' },
    body: JSON.stringify(event),
  });
}

test.describe('keen-harness serve', () => {
  test('prints a created project without its key', async () => {
    const serve = await startServe([]);
    try {
      const key = 'permissive-secret-write-key';
      const response = await write(serve.url, 'shop-project', key, { plan: 'pro' });
      expect(response.status).toBe(201);

      await serve.waitFor(/Created project shop-project/);
      expect(serve.output()).toContain(
        `Created project shop-project with a write key (${keyFingerprint(key)})`,
      );
      expect(serve.output()).not.toContain(key);
    } finally {
      await stopServe(serve);
    }
  });

  test('lists projects in the inspection API', async () => {
    const serve = await startServe([]);
    try {
      await write(serve.url, 'listed-project', 'listed-key', { n: 1 });
      const response = await fetch(`${serve.url}/mock/runs/default/projects`);
      const body = await response.json();

      expect(response.status).toBe(200);
      expect(body).toEqual({
        projects: [
          {
            projectId: 'listed-project',
            keys: [{ kind: 'write', fingerprint: keyFingerprint('listed-key') }],
          },
        ],
      });
      expect(JSON.stringify(body)).not.toContain('listed-key');
    } finally {
      await stopServe(serve);
    }
  });

  test('starts strict with --project', async () => {
    const serve = await startServe(['--project', 'p1:w1:r1:m1', '--project', 'p2:w2::m2']);
    try {
      expect(serve.output()).toContain(
        `project:          p1 (write ${keyFingerprint('w1')}, read ${keyFingerprint('r1')}, master ${keyFingerprint('m1')})`,
      );
      expect(serve.output()).toContain(
        `project:          p2 (write ${keyFingerprint('w2')}, master ${keyFingerprint('m2')})`,
      );
      expect(serve.output()).not.toContain('w1');

      expect((await write(serve.url, 'p1', 'w1', { n: 1 })).status).toBe(201);
      expect((await write(serve.url, 'p2', 'm2', { n: 2 })).status).toBe(201);
      const unknownProject = await write(serve.url, 'p3', 'w1', { n: 3 });
      expect(unknownProject.status).toBe(404);
      expect((await unknownProject.json()).error_code).toBe('ResourceNotFoundError');
      const wrongKey = await write(serve.url, 'p1', 'w2', { n: 4 });
      expect(wrongKey.status).toBe(401);
      expect((await wrongKey.json()).error_code).toBe('InvalidApiKeyError');

      const query = await fetch(
        `${serve.url}/3.0/projects/p1/queries/count?api_key=r1&event_collection=signups`,
      );
      expect(await query.json()).toEqual({ result: 1 });
      expect(serve.output()).not.toContain('Created project');
    } finally {
      await stopServe(serve);
    }
  });

  for (const value of ['p1', 'p1:', ':w1', 'p1:w1:r1:m1:extra', ':']) {
    test(`rejects --project ${JSON.stringify(value)}`, async () => {
      const result = await runRejected(['--project', value]);

      expect(result.code).toBe(2);
      expect(result.output).toContain('expected ID:WRITEKEY[:READKEY[:MASTERKEY]]');
    });
  }

  test('rejects a project given twice', async () => {
    const result = await runRejected(['--project', 'p1:w1', '--project', 'p1:w2']);

    expect(result.code).toBe(2);
    expect(result.output).toContain('project p1 is given twice');
  });

  test('enriches with --geoip-db', async () => {
    const serve = await startServe(['--geoip-db', TEST_DATABASE]);
    try {
      expect(serve.output()).toContain(`GeoIP database:   ${TEST_DATABASE}`);
      const addons = [{ name: 'keen:ip_to_geo', input: { ip: 'ip' }, output: 'geo' }];
      await write(serve.url, 'geo-project', 'geo-key', { ip: '81.2.69.160', keen: { addons } });
      const response = await fetch(`${serve.url}/mock/runs/default/records`);
      const [record] = (await response.json()).records;

      expect(record.stored.geo).toEqual({
        city: 'Fixture City',
        province: 'Fixture Province',
        country: 'Fixtureland',
        continent: 'Fixture Continent',
        postal_code: 'FX-1',
        coordinates: [-0.1, 51.5],
      });
    } finally {
      await stopServe(serve);
    }
  });

  test('exits 2 on an unreadable --geoip-db', async () => {
    const result = await runRejected(['--geoip-db', '/nonexistent/city.mmdb']);

    expect(result.code).toBe(2);
    expect(result.output).toContain('GeoIP database /nonexistent/city.mmdb could not be read');
  });
});
