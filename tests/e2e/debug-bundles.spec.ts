import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtemp, readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

import { expect, test } from '@playwright/test';

import { startMockKeen, type MockKeen } from '../../mock-keen/index.js';

/** A write key no scenario in the catalogue uses, so any copy of it in an output is a leak. */
const KEY = 'LeakProbeKey7Q3zX9w2Vb5Nc8Mf1Hj4Kd6';
const CATALOGUE_KEY = '4f5ad0a3c2e54e1b9a7d6c3b2a1f0e9d8c7b6a5f';
const PROJECT_ID = '9181bcd23843312d87000000';

const require = createRequire(import.meta.url);
const TSX_LOADER = require.resolve('tsx');

interface Finished {
  code: number | null;
  output: string;
}

/** Everything the commands printed, searched for the key at the end. */
const printed: string[] = [];

let dir: string;
let run: Finished;
const runIds: Record<'device' | 'cloud', string> = { device: '', cloud: '' };

/** Start the CLI from source, so that the child is the CLI itself and can be stopped by its pid. */
function startCli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ['--import', TSX_LOADER, 'harness/cli/main.ts', ...args], {
    env: { ...process.env, CI: '1', ...env },
  });
}

function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Finished> {
  return new Promise((resolve) => {
    const child = startCli(args, env);
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => {
      printed.push(output);
      resolve({ code, output });
    });
  });
}

/** Copy a catalogue scenario with the probe key and an expectation edited to fail. */
async function failingCopy(source: string, from: string, to: string): Promise<void> {
  const text = await readFile(source, 'utf8');
  const at = text.lastIndexOf(from);
  const edited = `${text.slice(0, at)}${to}${text.slice(at + from.length)}`.replace(
    CATALOGUE_KEY,
    KEY,
  );
  await writeFile(join(dir, 'scenarios', source.split('/').pop() as string), edited);
}

/** Inflate the entries of a ZIP archive, found through its central directory. */
function unzip(archive: Buffer): Buffer[] {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = archive.readUInt16LE(end + 10);
  let entry = archive.readUInt32LE(end + 16);
  const files: Buffer[] = [];
  for (let index = 0; index < count; index += 1) {
    const method = archive.readUInt16LE(entry + 10);
    const size = archive.readUInt32LE(entry + 20);
    const nameLength = archive.readUInt16LE(entry + 28);
    const local = archive.readUInt32LE(entry + 42);
    const start = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const data = archive.subarray(start, start + size);
    files.push(method === 8 ? inflateRawSync(data) : data);
    entry += 46 + nameLength + archive.readUInt16LE(entry + 30) + archive.readUInt16LE(entry + 32);
  }
  return files;
}

/** List the key and its base64 forms at each byte alignment, as attachments embed it. */
function needles(key: string): string[] {
  const forms = [key];
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), Buffer.from(key)]).toString('base64');
    forms.push(encoded.slice(offset === 0 ? 0 : 4, -4));
  }
  return forms;
}

/** Text of every file under `root`, with the archives that HTML reports embed unpacked. */
async function readTree(root: string): Promise<Array<{ file: string; text: string }>> {
  const texts: Array<{ file: string; text: string }> = [];
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    const text = await readFile(file, 'latin1');
    texts.push({ file, text });
    const embedded = /data:application\/zip;base64,([A-Za-z0-9+/=]+)/.exec(text);
    if (embedded) {
      unzip(Buffer.from(embedded[1], 'base64')).forEach((inner, index) =>
        texts.push({ file: `${file} (archive entry ${index})`, text: inner.toString('latin1') }),
      );
    }
  }
  return texts;
}

test.describe.configure({ mode: 'serial' });
test.setTimeout(240_000);

test.beforeAll(async () => {
  test.setTimeout(240_000);
  dir = await mkdtemp(join(tmpdir(), 'keen-harness-debug-'));
  await mkdir(join(dir, 'scenarios'));
  await mkdir(join(dir, 'exports'));
  await failingCopy(
    'scenarios/device-track/properties-and-keen-object.json',
    '"qty": 2',
    '"qty": 3',
  );
  await failingCopy(
    'scenarios/cloud-track/server-example.json',
    '"revenue": 19.99',
    '"revenue": 20.5',
  );

  run = await runCli([
    'run',
    join(dir, 'scenarios'),
    '--output-dir',
    join(dir, 'test-results'),
    '--report-dir',
    join(dir, 'reports'),
    '--workers',
    '2',
  ]);
  for (const mode of ['device', 'cloud'] as const) {
    const match = new RegExp(`keen-harness show (\\S+\\.${mode}\\.\\S+)\\)`).exec(run.output);
    runIds[mode] = match?.[1] ?? '';
  }
});

test('run names each bundle', () => {
  expect(run.code, run.output).toBe(1);
  expect(runIds.device, 'no bundle line for the device run').not.toBe('');
  expect(runIds.cloud, 'no bundle line for the cloud run').not.toBe('');
  expect(run.output).toContain('run bundle: ');
});

test('show prints a bundle by run id', async () => {
  const shown = await runCli(['show', runIds.device, '--results', join(dir, 'test-results')]);

  expect(shown.code, shown.output).toBe(0);
  expect(shown.output).toContain('scenario: device-track/properties-and-keen-object [device]');
  expect(shown.output).toContain('outcome:  failed');
  expect(shown.output).toContain('/expect/device/writes/0/body/order/items/0/qty');
  expect(shown.output).toMatch(
    /GET \/3\.0\/projects\/\S+\/events\/Order%20Completed\?api_key=REDACTED/,
  );
  expect(shown.output).toContain('Browser console');
  expect(shown.output).toMatch(
    /timings: {2}load \d+ ms, calls \d+ ms, settle \d+ ms, judge \d+ ms/,
  );
});

test('show reports an unknown run', async () => {
  const shown = await runCli(['show', 'no-such-run', '--results', join(dir, 'test-results')]);

  expect(shown.code).toBe(2);
  expect(shown.output).toContain('No run bundle no-such-run');
});

test('replay resends to a fresh mock', async () => {
  const replayed = await runCli(['replay', runIds.cloud, '--results', join(dir, 'test-results')]);

  expect(replayed.code, replayed.output).toBe(0);
  expect(replayed.output).toMatch(/POST \/3\.0\/projects\/\S+\/events \(recorded 200\) -> 200 \{/);
  expect(replayed.output).toContain('The fresh mock recorded 2 event(s): 2 accepted, 0 rejected.');
});

test('replay needs a key for a base URL', async () => {
  const replayed = await runCli([
    'replay',
    runIds.cloud,
    '--results',
    join(dir, 'test-results'),
    '--base-url',
    'http://127.0.0.1:9',
  ]);

  expect(replayed.code).toBe(2);
  expect(replayed.output).toContain('give the write key');
});

test('replay sends the given key to a base URL', async () => {
  const strict = await startMockKeen({ log: () => {} });
  try {
    strict.core.registry.registerRun('replayed', [
      { projectId: PROJECT_ID, keys: [{ key: KEY, kind: 'write' }] },
    ]);
    const replayed = await runCli(
      [
        'replay',
        runIds.device,
        '--results',
        join(dir, 'test-results'),
        '--base-url',
        `${strict.url}/runs/replayed`,
      ],
      { KEEN_WRITE_KEY: KEY },
    );

    expect(replayed.code, replayed.output).toBe(0);
    const records = strict.core.journal.list('replayed');
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((record) => record.outcome === 'accepted')).toBe(true);
  } finally {
    await strict.close();
  }
});

test('open loads a run into a running mock', async ({ page }) => {
  const mock: MockKeen = await startMockKeen({ registry: 'permissive', log: () => {} });
  try {
    const opened = await runCli([
      'open',
      runIds.device,
      '--results',
      join(dir, 'test-results'),
      '--mock',
      mock.url,
    ]);
    expect(opened.code, opened.output).toBe(0);
    const pageUrl = /Journal page: (\S+)/.exec(opened.output)?.[1] ?? '';
    expect(pageUrl).toBe(`${mock.url}/mock/ui?run=${runIds.device}`);

    await page.goto(pageUrl);
    await expect(page.locator('select[name=run]')).toHaveValue(runIds.device);
    await expect(page.locator('#records-body tr', { hasText: 'Order Completed' })).toHaveCount(1);

    for (const format of ['ndjson', 'har']) {
      const exported = await fetch(
        `${mock.url}/mock/runs/${runIds.device}/export?format=${format}`,
      );
      expect(exported.status).toBe(200);
      await writeFile(join(dir, 'exports', `device.${format}`), await exported.text());
    }
  } finally {
    await mock.close();
  }
});

test('open starts a mock when none runs', async ({ page }) => {
  const child = startCli(['open', runIds.cloud, '--results', join(dir, 'test-results')]);
  let output = '';
  try {
    const pageUrl = await new Promise<string>((resolve, reject) => {
      child.stdout?.on('data', (chunk) => {
        output += chunk;
        const match = /Journal page: (\S+)/.exec(output);
        if (match) resolve(match[1]);
      });
      child.stderr?.on('data', (chunk) => (output += chunk));
      child.on('exit', (code) => reject(new Error(`open exited with ${code}: ${output}`)));
    });

    await page.goto(pageUrl);
    await expect(page.locator('#records-body tr', { hasText: 'Purchased' })).toHaveCount(1);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    printed.push(output);
  }
});

test('no output contains the key', async () => {
  const files = [
    ...(await readTree(join(dir, 'test-results'))),
    ...(await readTree(join(dir, 'reports'))),
    ...(await readTree(join(dir, 'exports'))),
    ...printed.map((text, index) => ({ file: `command output ${index}`, text })),
  ];
  const bundles = files.filter((entry) => entry.file.includes('keen-bundle'));
  expect(bundles.length, 'no bundle files to search').toBeGreaterThanOrEqual(10);
  expect(files.some((entry) => entry.file.endsWith('index.html'))).toBe(true);

  const leaks = files
    .filter((entry) => needles(KEY).some((needle) => entry.text.includes(needle)))
    .map((entry) => entry.file);
  expect(leaks, 'files that contain the write key').toEqual([]);
});
