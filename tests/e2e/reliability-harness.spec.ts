import { expect, test } from '@playwright/test';

import { startCli } from '../../reliability/cli-process.js';
import {
  descendantsOf,
  isChromium,
  pollFor,
  stillRunning,
  type ProcessInfo,
} from '../../reliability/process-tree.js';

const SCENARIOS = 'reliability/scenarios/robustness';

// Each test drives a whole `keen-harness run`, with its own Playwright and Chromium.
test.describe.configure({ mode: 'serial', timeout: 180_000 });

/** Keep each run's reports and artifacts in the test's own output folder. */
function reportOptions(): string[] {
  const testInfo = test.info();
  return [
    '--report-dir',
    testInfo.outputPath('reports'),
    '--output-dir',
    testInfo.outputPath('results'),
  ];
}

/** Find the Chromium browser process (not a renderer or helper) that the run started. */
function findBrowser(rootPid: number): ProcessInfo | undefined {
  return descendantsOf(rootPid).find(
    (entry) => isChromium(entry.command) && !entry.command.includes('--type='),
  );
}

test('hanging scenario times out alone', async () => {
  const run = startCli(['run', SCENARIOS, '--mode', 'cloud', '--workers', '1', ...reportOptions()]);
  const result = await run.exited(150_000);
  const output = result.stdout + result.stderr;

  expect(output).toContain('scenario robustness/cloud-hangs [cloud]');
  expect(output).toMatch(/did not reach Keen within \d+ ms/);
  expect(output).toContain('1 failed');
  expect(output).toContain('1 passed');
  expect(result.code, output).toBe(1);
});

test('browser crash fails one scenario', async () => {
  const run = startCli([
    'run',
    SCENARIOS,
    '--mode',
    'device',
    '--workers',
    '1',
    ...reportOptions(),
  ]);
  // A renderer exists once the first scenario has opened its page, so the crash lands inside that run.
  await pollFor(
    'a Chromium renderer',
    () => descendantsOf(run.child.pid!).find((entry) => entry.command.includes('--type=renderer')),
    90_000,
  );
  const browser = findBrowser(run.child.pid!);
  if (browser === undefined)
    throw new Error('the Chromium browser process exited before the test could kill it');
  process.kill(browser.pid, 'SIGKILL');
  const result = await run.exited(150_000);
  const output = result.stdout + result.stderr;

  expect(output).toMatch(/scenario robustness\/device-first \[device\].*(closed|crash)/);
  expect(output, 'device-second is not listed as failed').not.toMatch(
    /\d+\) .*robustness\/device-second/,
  );
  expect(output).toContain('1 failed');
  expect(output).toContain('1 passed');
  // The reporting gate counts a crashed browser as an infrastructure error (2), not a conformance failure (1).
  expect([1, 2], output).toContain(result.code);
});

const INTERRUPTIONS = [
  { signal: 'SIGINT', target: 'wrapper' },
  { signal: 'SIGINT', target: 'process group' },
  { signal: 'SIGTERM', target: 'wrapper' },
] as const;

for (const { signal, target } of INTERRUPTIONS) {
  test(`${signal} to the ${target} leaves nothing`, async () => {
    // The hanging scenario runs first and keeps the run busy for half a minute, so a process that
    // outlived the signal could not have finished on its own within the grace period below.
    const run = startCli(['run', SCENARIOS, '--workers', '1', ...reportOptions()], {
      detached: true,
    });
    const rootPid = run.child.pid!;
    await pollFor('a Chromium start', () => findBrowser(rootPid), 90_000);
    const started = descendantsOf(rootPid);

    process.kill(target === 'wrapper' ? rootPid : -rootPid, signal);
    const result = await run.exited(60_000);
    const leftovers = await pollFor(
      'the processes of the run to exit',
      () => {
        const running = stillRunning(started.map((entry) => entry.pid));
        return running.length === 0 ? [] : undefined;
      },
      5_000,
    ).catch(() => stillRunning(started.map((entry) => entry.pid)));
    for (const entry of leftovers) process.kill(entry.pid, 'SIGKILL');

    expect(result.signal, 'the run had to be killed').not.toBe('SIGKILL');
    expect(started.map((entry) => entry.command).join('\n')).toMatch(/playwright/);
    expect(leftovers.map((entry) => `${entry.pid} ${entry.command.slice(0, 120)}`)).toEqual([]);
  });
}
