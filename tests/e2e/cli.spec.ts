import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

interface Finished {
  code: number | null;
  output: string;
}

/** Runs the keen-harness CLI as a user would and collects its exit code and output. */
function runCli(args: string[]): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/keen-harness.js', ...args], {
      env: { ...process.env, CI: '' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

async function scenarioCopy(source: string, edit: (text: string) => string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'keen-harness-cli-'));
  await writeFile(join(dir, 'scenario.json'), edit(await readFile(source, 'utf8')));
  return dir;
}

test('run exits 0 when the scenario passes', async () => {
  const result = await runCli([
    'run',
    'scenarios/cloud-track/server-example.json',
    '--junit',
    join(tmpdir(), 'pass.xml'),
  ]);
  expect(result.output).toContain('1 passed');
  expect(result.code).toBe(0);
});

test('run names scenario, mode and path of a mismatch', async () => {
  // The last occurrence of the revenue is in the expectation; the first is in the call.
  const dir = await scenarioCopy('scenarios/cloud-track/server-example.json', (text) => {
    const at = text.lastIndexOf('"revenue": 19.99');
    return `${text.slice(0, at)}"revenue": 20.5${text.slice(at + '"revenue": 19.99'.length)}`;
  });
  const result = await runCli(['run', dir, '--junit', join(dir, 'junit.xml')]);
  expect(result.code).toBe(1);
  expect(result.output).toContain('scenario cloud-track/server-example [cloud]');
  expect(result.output).toContain('/expect/cloud/writes/0/body/revenue: differs');
  expect(result.output).toContain('expected: 20.5');
  expect(result.output).toContain('actual:   19.99');
  const junit = await readFile(join(dir, 'junit.xml'), 'utf8');
  expect(junit).toContain('/expect/cloud/writes/0/body/revenue');
});

test('run exits 2 on an invalid scenario', async () => {
  const dir = await scenarioCopy('scenarios/cloud-track/server-example.json', (text) =>
    text.replace('"event": "Purchased"', '"event": 42'),
  );
  const result = await runCli(['run', dir]);
  expect(result.code).toBe(2);
  expect(result.output).toMatch(/scenario\.json:\d+:\d+: \/calls\/0\/event must be string/);
});

test('run exits 2 on an unknown mode', async () => {
  const result = await runCli(['run', '--mode', 'mobile']);
  expect(result.code).toBe(2);
  expect(result.output).toContain('unknown mode "mobile"');
});

test('run exits 2 on zero workers', async () => {
  const result = await runCli(['run', '--workers', '0']);
  expect(result.code).toBe(2);
  expect(result.output).toContain('expected an integer from 1 to 1000 (got 0)');
});

test('run exits 2 on an unwritable report folder', async () => {
  const result = await runCli([
    'run',
    'scenarios/cloud-track/server-example.json',
    '--junit',
    '/proc/keen-harness/junit.xml',
  ]);
  expect(result.code).toBe(2);
  expect(result.output).toContain('cannot write reports to /proc/keen-harness');
});

test('run matches plain grep text anywhere', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'keen-harness-grep-'));
  const result = await runCli([
    'run',
    '--grep',
    'server-example',
    '--mode',
    'cloud',
    '--report-dir',
    dir,
  ]);
  expect(result.output).toContain('cloud-track/server-example [cloud]');
  expect(result.code).toBe(0);
});

test('serve prints its address and accepts writes', async () => {
  const child = spawn(process.execPath, ['bin/keen-harness.js', 'serve', '--port', '0']);
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk) => {
        output += chunk;
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match) resolve(match[1]);
      });
      child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
    });
    const response = await fetch(`${url}/3.0/projects/9181bcd23843312d87000000/events/signups`, {
      method: 'POST',
      headers: { authorization: 'a'.repeat(32), 'content-type': 'application/json' },
      body: JSON.stringify({ plan: 'pro' }),
    });
    expect(response.status).toBe(201);
  } finally {
    child.kill('SIGINT');
  }
});
