import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MockKeenClient } from '../../mock-keen/client.js';
import { startMockKeen, type MockKeen } from '../../mock-keen/index.js';
import { isLoopbackHost, publicBindWarning } from '../../mock-keen/server/bind-address.js';
import { startCli } from '../../reliability/cli-process.js';

const TOKEN = 'inspect-token-for-tests';

describe('bind address', () => {
  it('binds 127.0.0.1 by default', async () => {
    const mock = await startMockKeen({ log: () => {} });
    await mock.close();

    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it.each(['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'])(
    'counts %s as loopback',
    (host) => {
      expect(isLoopbackHost(host)).toBe(true);
      expect(publicBindWarning(host)).toBeNull();
    },
  );

  it.each(['0.0.0.0', '::', '192.168.1.5', '10.0.0.1', 'example.com', '::ffff:10.0.0.1'])(
    'warns for %s',
    (host) => {
      expect(isLoopbackHost(host)).toBe(false);
      expect(publicBindWarning(host)).toContain(`binding ${host}, which is not a loopback address`);
    },
  );

  it('warns on stderr before binding elsewhere', async () => {
    // 198.51.100.7 is a documentation address (RFC 5737) that no interface here has, so the bind fails.
    const warnings: Error[] = [];
    const onWarning = (warning: Error): number => warnings.push(warning);
    process.on('warning', onWarning);
    const start = startMockKeen({ host: '198.51.100.7', log: () => {} });

    await expect(start).rejects.toMatchObject({ code: 'EADDRNOTAVAIL' });
    process.off('warning', onWarning);
    expect(warnings.map((warning) => warning.message)).toContainEqual(
      expect.stringContaining('binding 198.51.100.7, which is not a loopback address'),
    );
  });

  it('serve prints no warning on loopback', async () => {
    const serve = startCli(['serve', '--port', '0']);
    await serve.waitForOutput(/Keen mock listening on (http:\S+)/, 30_000);
    serve.child.kill('SIGTERM');
    const result = await serve.exited(10_000);

    expect(result.stderr).not.toContain('not a loopback address');
    expect(result.code, result.stderr).toBe(0);
  });
});

describe('inspection token', () => {
  let mock: MockKeen;

  beforeAll(async () => {
    mock = await startMockKeen({ log: () => {}, inspectToken: TOKEN });
  });

  afterAll(async () => {
    await mock.close();
  });

  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer wrong' }],
    ['a Keen key', { authorization: TOKEN }],
  ])('rejects %s with 401', async (_name, headers: Record<string, string>) => {
    const response = await fetch(`${mock.url}/mock/runs/default/records`, { headers });
    const body = await response.json();

    expect(response.status).toBe(401);
    expect(body).toEqual({
      message: expect.stringContaining('bearer token'),
      error_code: 'InvalidApiKeyError',
    });
    expect(JSON.stringify(body)).not.toContain(TOKEN);
  });

  it('accepts the bearer token', async () => {
    const response = await fetch(`${mock.url}/mock/health`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });

    expect(response.status).toBe(200);
  });

  it('lets CORS preflights through', async () => {
    const response = await fetch(`${mock.url}/mock/health`, {
      method: 'OPTIONS',
      headers: { origin: 'https://www.example.com', 'access-control-request-method': 'GET' },
    });

    expect(response.status).toBe(204);
  });

  it('leaves the Keen API open', async () => {
    mock.core.registry.registerRun('open', [
      { projectId: 'p', keys: [{ key: 'k', kind: 'write' }] },
    ]);
    const response = await fetch(`${mock.url}/runs/open/3.0/projects/p/events/pageviews`, {
      method: 'POST',
      headers: { authorization: 'k' },
      body: '{"n": 1}',
    });

    expect(response.status).toBe(201);
  });

  it('client sends the token', async () => {
    const records = await new MockKeenClient(mock.url, { inspectToken: TOKEN }).records('open');

    expect(records).toHaveLength(1);
    await expect(
      new MockKeenClient(mock.url, { inspectToken: 'wrong' }).records('open'),
    ).rejects.toThrow(/failed with 401/);
  });

  it('serve --inspect-token requires it', async () => {
    const serve = startCli(['serve', '--port', '0', '--inspect-token', TOKEN]);
    const [, url] = await serve.waitForOutput(/Keen mock listening on (http:\S+)/, 30_000);
    const without = await fetch(`${url}/mock/health`);
    const withToken = await fetch(`${url}/mock/health`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    serve.child.kill('SIGTERM');
    const result = await serve.exited(10_000);

    expect(without.status).toBe(401);
    expect(withToken.status).toBe(200);
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });
});

describe('harness with an inspection token', () => {
  it('runs scenarios against token-protected mocks', async () => {
    const reportDir = await mkdtemp(join(tmpdir(), 'keen-harness-token-'));
    const run = startCli(
      [
        'run',
        'scenarios/cloud-track/server-example.json',
        'scenarios/device-track/collection-exactly-as-given.json',
        '--report-dir',
        reportDir,
        '--output-dir',
        join(reportDir, 'results'),
      ],
      { env: { KEEN_MOCK_INSPECT_TOKEN: TOKEN } },
    );
    const result = await run.exited(180_000);
    await rm(reportDir, { recursive: true, force: true });

    expect(result.stdout, result.stderr).toMatch(/\d+ passed/);
    expect(result.code, result.stdout + result.stderr).toBe(0);
  }, 200_000);
});
