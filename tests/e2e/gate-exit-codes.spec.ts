import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { JSONReport } from '@playwright/test/reporter';
import { readResults, runCli, tempDir } from './gate-helpers.js';

const PASSING = 'scenarios/cloud-track/server-example.json';

test.describe.configure({ timeout: 120_000 });

test('exit 0 when every run conforms', async () => {
  const dir = await tempDir();
  const result = await runCli(['run', PASSING, '--report-dir', dir]);
  expect(result.output).toContain('Gate: 1 passed, 0 failed');
  expect(result.code).toBe(0);
});

test('exit 1 shows the failure as it happens', async () => {
  const dir = await tempDir();
  const scenario = JSON.parse(await readFile(PASSING, 'utf8'));
  scenario.expect.cloud.writes[0].body.revenue = 20.5;
  await writeFile(join(dir, 'scenario.json'), JSON.stringify(scenario));

  const result = await runCli(['run', join(dir, 'scenario.json'), '--report-dir', dir]);
  expect(result.code).toBe(1);
  expect(result.output).toContain('keen-harness: the target does not conform (exit 1)');
  // The test prints its failure while the run goes on, before Playwright's closing summary.
  const printed = result.output.indexOf('[reference] scenario cloud-track/server-example [cloud]');
  expect(printed).toBeGreaterThan(-1);
  expect(printed).toBeLessThan(result.output.indexOf('1 failed'));
});

test('exit 2 for an invalid scenario', async () => {
  const dir = await tempDir();
  const text = await readFile(PASSING, 'utf8');
  await writeFile(join(dir, 'scenario.json'), text.replace('"event": "Purchased"', '"event": 42'));
  const result = await runCli(['run', join(dir, 'scenario.json'), '--report-dir', dir]);
  expect(result.code).toBe(2);
  expect(result.output).toMatch(/\/calls\/0\/event must be string/);
});

test('exit 2 when the browser is missing', async () => {
  const dir = await tempDir();
  const result = await runCli(
    ['run', 'scenarios/device-track/properties-and-keen-object.json', '--report-dir', dir],
    { KEEN_HARNESS_CHROMIUM: join(dir, 'no-chromium') },
  );
  expect(result.code).toBe(2);
  expect(result.output).toContain('KEEN_HARNESS_CHROMIUM is set to');
});

test('exit 2 when a target cannot bind its port', async () => {
  const dir = await tempDir();
  const busy = createServer().listen(0, '127.0.0.1');
  await once(busy, 'listening');
  const { port } = busy.address() as AddressInfo;
  const config = join(dir, 'keen-harness.config.mjs');
  await writeFile(
    config,
    `import { createServer } from 'node:http';
export default {
  targets: [{
    name: 'fixed-port',
    cloud: {
      start: () => new Promise((resolve, reject) => {
        const server = createServer().once('error', reject);
        server.listen(${port}, '127.0.0.1', () => resolve({ baseUrl: 'http://127.0.0.1:${port}' }));
      }),
      settings: async () => {},
    },
  }],
};
`,
  );
  try {
    const result = await runCli(['run', PASSING, '--config', config, '--report-dir', dir]);
    expect(result.code).toBe(2);
    expect(result.output).toContain('Infrastructure errors (conformance unknown):');
    expect(result.output).toContain('EADDRINUSE');
  } finally {
    busy.close();
  }
});

test('exit 2 when a target does not respond', async () => {
  const dir = await tempDir();
  const closed = createServer().listen(0, '127.0.0.1');
  await once(closed, 'listening');
  const { port } = closed.address() as AddressInfo;
  closed.close();
  const config = join(dir, 'keen-harness.config.json');
  await writeFile(
    config,
    JSON.stringify({
      targets: [
        {
          name: 'stopped',
          cloud: {
            baseUrl: `http://127.0.0.1:${port}`,
            settings: `http://127.0.0.1:${port}/config/{sourceWriteKey}`,
          },
        },
      ],
    }),
  );
  const result = await runCli(['run', PASSING, '--config', config, '--report-dir', dir]);
  expect(result.code).toBe(2);
  expect(result.output).toContain('target stopped: cloud base URL');
  expect(result.output).toContain('start the destination before the gate');
});

test('exit 2 for an unknown target', async () => {
  const result = await runCli(['run', PASSING, '--target', 'no-such-target']);
  expect(result.code).toBe(2);
  expect(result.output).toContain('no target matches "no-such-target"; known targets: reference');
});

test('tag selects tagged scenarios only', async () => {
  const dir = await tempDir();
  const result = await runCli(['run', '--tag', 'example', '--mode', 'cloud', '--report-dir', dir]);
  expect(result.code).toBe(0);
  const results = await readResults(dir);
  expect(results.length).toBeGreaterThan(0);
  for (const { scenario } of results) {
    const file = JSON.parse(await readFile(`scenarios/${scenario}.json`, 'utf8'));
    expect(file.tags, `${scenario} ran without the tag`).toContain('example');
  }
});

test('target selects its runs only', async () => {
  const dir = await tempDir();
  const result = await runCli([
    'run',
    '--target',
    'mutant.cloud-key-normalisation',
    '--grep',
    'cloud-track/dotted-key-first-dot',
    '--report-dir',
    dir,
  ]);
  expect(result.code).toBe(1);
  const results = await readResults(dir);
  expect(results.map((r) => `${r.target} ${r.scenario} ${r.mode} ${r.status}`)).toEqual([
    'mutant.cloud-key-normalisation cloud-track/dotted-key-first-dot cloud failed',
  ]);
});

test('retries are off unless asked for', async () => {
  const dir = await tempDir();
  await runCli(['run', PASSING, '--report-dir', dir]);
  const plain = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as JSONReport;
  expect(plain.config.projects.find((p) => p.name === 'conformance')?.retries).toBe(0);

  await runCli(['run', PASSING, '--report-dir', dir, '--retries', '2']);
  const retried = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as JSONReport;
  expect(retried.config.projects.find((p) => p.name === 'conformance')?.retries).toBe(2);
});
