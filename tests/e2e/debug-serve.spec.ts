import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect, test } from '@playwright/test';

const require = createRequire(import.meta.url);
const TSX_LOADER = require.resolve('tsx');

/** A running `keen-harness serve` and what it printed until its address. */
interface Serve {
  child: ChildProcess;
  url: string;
  output: string;
}

/** Start `keen-harness serve` through tsx directly, so that stopping the child stops the mock. */
function startServe(args: string[]): Promise<Serve> {
  const child = spawn(process.execPath, [
    '--import',
    TSX_LOADER,
    'harness/cli/main.ts',
    'serve',
    '--port',
    '0',
    ...args,
  ]);
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      const url = /Keen mock listening on (\S+)/.exec(output)?.[1];
      if (url !== undefined && output.includes('Press Ctrl+C to stop.'))
        resolve({ child, url, output });
    });
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
}

async function stop(serve: Serve): Promise<void> {
  const exited = new Promise((resolve) => serve.child.once('exit', resolve));
  serve.child.kill('SIGTERM');
  await exited;
}

function postEvent(url: string, body: unknown): Promise<Response> {
  return fetch(`${url}/3.0/projects/serve-project/events/orders`, {
    method: 'POST',
    headers: { Authorization: 'serve-test-key', 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

test('serve prints the page and client settings', async () => {
  const serve = await startServe([]);
  try {
    const host = new URL(serve.url).host;
    expect(serve.output).toContain(`journal page:     ${serve.url}/mock/ui`);
    expect(serve.output).toContain(`host: '${host}/3.0', protocol: 'http'`);
    expect(serve.output).toContain(`new KeenTracking({ projectId, writeKey, host: '${host}'`);
    expect(serve.output).toContain(`new KeenAnalysis({ projectId, readKey, host: '${host}'`);
    expect(serve.output).toContain(`"keenBaseUrl": "${serve.url}/3.0"`);
  } finally {
    await stop(serve);
  }
});

test('serve keeps a journal file across restarts', async () => {
  const file = join(await mkdtemp(join(tmpdir(), 'keen-harness-serve-')), 'journal.sqlite');
  const first = await startServe(['--journal', file, '--max-records', '2']);
  try {
    for (const n of [1, 2, 3]) expect((await postEvent(first.url, { n })).status).toBe(201);
  } finally {
    await stop(first);
  }

  const second = await startServe(['--journal', file, '--max-records', '2']);
  try {
    expect(second.output).toContain(`journal:          in ${file}, at most 2 records`);
    const { records } = await (await fetch(`${second.url}/mock/runs/default/records`)).json();
    const journal = await (await fetch(`${second.url}/mock/journal`)).json();

    expect(records.map((record: { body: unknown }) => record.body)).toEqual([{ n: 2 }, { n: 3 }]);
    expect(journal).toMatchObject({ storage: 'sqlite', records: 2, dropped: { records: 1 } });
    expect((await postEvent(second.url, { n: 4 })).status).toBe(201);
    const after = await (await fetch(`${second.url}/mock/runs/default/records`)).json();
    expect(after.records.at(-1).seq, 'sequence numbers continue after a restart').toBe(4);
  } finally {
    await stop(second);
  }
});

test('serve rejects a file that is not a journal', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'keen-harness-serve-'));
  const failed = await startServe(['--journal', dir]).then(
    () => 'started',
    (error: Error) => error.message,
  );

  expect(failed).toContain('exited with 2');
  expect(failed).toContain('cannot be opened as an SQLite journal');
});

test('serve rejects a limit of zero', async () => {
  const failed = await startServe(['--max-records', '0']).then(
    () => 'started',
    (error: Error) => error.message,
  );

  expect(failed).toContain('expected a positive integer (got 0)');
});
