import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

interface Finished {
  code: number | null;
  output: string;
}

/** Runs the keen-harness CLI as an author would; CI is unset unless the test sets it. */
function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/keen-harness.js', ...args], {
      env: { ...process.env, CI: '', ...env },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

async function folder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'keen-harness-authoring-'));
}

async function exampleWith(edit: (text: string) => string): Promise<string> {
  const dir = await folder();
  const text = await readFile('scenarios/cloud-track/server-example.json', 'utf8');
  await writeFile(join(dir, 'scenario.json'), edit(text));
  return dir;
}

test.describe('validate', () => {
  test('exits 0 on a valid scenario', async () => {
    const result = await runCli(['validate', 'scenarios/cloud-track/server-example.json']);
    expect(result.output).toContain('1 scenario file(s) checked: 0 error(s), 0 warning(s)');
    expect(result.code).toBe(0);
  });

  test('exits 1 with location and hint', async () => {
    const dir = await exampleWith((text) =>
      text.replace('"writeKey":', '"trackAllPage": false,\n    "writeKey":'),
    );
    const result = await runCli(['validate', dir]);
    expect(result.output).toMatch(
      /scenario\.json:12:5: \/settings\/trackAllPage unknown setting "trackAllPage": destinations ignore it\n {4}hint: did you mean "trackAllPages"\?/,
    );
    expect(result.code).toBe(1);
  });

  test('exits 2 on a missing path', async () => {
    const result = await runCli(['validate', 'no/such/scenarios']);
    expect(result.output).toContain('scenario path not found: no/such/scenarios');
    expect(result.code).toBe(2);
  });
});

test('run stops on a semantic error', async () => {
  test.setTimeout(120_000);
  const dir = await exampleWith((text) =>
    text.replace('"modes": ["cloud"],', '"modes": ["cloud"],\n  "device": {},'),
  );
  const withError = await exampleWith((text) =>
    text.replace('"expect": {', '"expect": {\n    "device": { "writes": [] },'),
  );
  const warned = await runCli(['run', dir, '--junit', join(dir, 'junit.xml')]);
  expect(warned.output).toContain('warning: /device options are never used');
  expect(warned.code).toBe(0);

  const stopped = await runCli(['run', withError]);
  expect(stopped.output).toContain(
    '/expect/device is never used: the scenario does not run in device mode',
  );
  expect(stopped.output).not.toContain('Running');
  expect(stopped.code).toBe(2);
});

test.describe('new', () => {
  test('writes a valid scenario', async () => {
    const dir = await folder();
    const created = await runCli(['new', 'cloud-track/fresh', '--rule', '4.2', '--dir', dir]);
    expect(created.code).toBe(0);
    const file = join(dir, 'cloud-track', 'fresh.json');
    const scenario = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    expect(scenario.$schema).toMatch(/schemas\/scenario\.schema\.json$/);
    expect(scenario.modes).toEqual(['cloud']);

    const validated = await runCli(['validate', file]);
    expect(validated.output).toContain('0 error(s), 2 warning(s)');
    expect(validated.code).toBe(0);
  });

  test('refuses to overwrite', async () => {
    const dir = await folder();
    await runCli(['new', 'a/b', '--rule', '3.4', '--dir', dir]);
    await writeFile(join(dir, 'a', 'b.json'), 'kept');
    const again = await runCli(['new', 'a/b', '--rule', '3.4', '--dir', dir]);
    expect(again.output).toContain('already exists; refusing to overwrite it');
    expect(again.code).toBe(2);
    expect(await readFile(join(dir, 'a', 'b.json'), 'utf8')).toBe('kept');
  });

  test('lists the rules without --rule', async () => {
    const result = await runCli(['new', 'a/b', '--dir', await folder()]);
    expect(result.output).toContain('--rule is required');
    expect(result.output).toContain('3.5   Device page');
    expect(result.code).toBe(2);
  });
});

test.describe('run --update-expected', () => {
  // Each test starts the CLI up to three times, and each start runs a Playwright session of its own.
  test.describe.configure({ timeout: 180_000 });

  test('refuses under CI', async () => {
    const dir = await folder();
    await runCli(['new', 'x/y', '--rule', '4.2', '--dir', dir]);
    const file = join(dir, 'x', 'y.json');
    const before = await readFile(file, 'utf8');
    const result = await runCli(['run', '--update-expected', file], { CI: 'true' });
    expect(result.output).toContain('refusing to rewrite expectations because CI is set');
    expect(result.code).toBe(2);
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  test('records cloud writes and results', async () => {
    const dir = await folder();
    await runCli(['new', 'cloud-track/recorded', '--rule', '4.2', '--dir', dir]);
    const file = join(dir, 'cloud-track', 'recorded.json');

    const updated = await runCli(['run', '--update-expected', file]);
    expect(updated.output).toContain('+          "collection": "Order Completed",');
    expect(updated.output).toContain('1 of 1 scenario file(s) updated');
    expect(updated.code).toBe(0);
    const scenario = JSON.parse(await readFile(file, 'utf8'));
    expect(scenario.expect.cloud.writes[0].body).toEqual({
      orderId: 'o-1',
      revenue: 19.99,
      userId: 'user-42',
      traits: {},
      keen: { timestamp: '2024-01-02T03:04:05.678Z', addons: [] },
    });
    expect(scenario.expect.cloud.results).toEqual([{ outcome: 'delivered', attempts: 1 }]);

    const again = await runCli(['run', '--update-expected', file]);
    expect(again.output).toContain('1 passed');
    expect(again.output).toContain('0 of 1 scenario file(s) updated');
  });

  test('replaces volatile device values', async () => {
    const dir = await folder();
    await runCli(['new', 'device-addons/recorded', '--rule', '3.7', '--dir', dir]);
    const file = join(dir, 'device-addons', 'recorded.json');
    const scenario = JSON.parse(await readFile(file, 'utf8'));
    delete scenario.calls[0].timestamp;
    scenario.settings.ipAddon = true;
    await writeFile(file, JSON.stringify(scenario, null, 2));

    const updated = await runCli(['run', '--update-expected', '--stored', file]);
    expect(updated.code).toBe(0);
    const [write] = JSON.parse(await readFile(file, 'utf8')).expect.device.writes;
    expect(write.body.ip_address).toBe('${keen.ip}');
    expect(write.body.keen.timestamp).toEqual({ $match: 'iso-date-time' });
    expect(write.stored.ip_address).toEqual({ $match: 'keen-ip', form: 'value' });
    expect(write.stored.keen.id).toEqual({ $match: 'keen-id' });

    const again = await runCli(['run', '--update-expected', file]);
    expect(again.output).toContain('1 passed');
    expect(again.output).toContain('0 of 1 scenario file(s) updated');
  });
});
