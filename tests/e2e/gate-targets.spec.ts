import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startExampleDestination } from '../../examples/cloud-destination/server.js';
import { readResults, runCli, tempDir } from './gate-helpers.js';

test('example target passes with its expected failures', async () => {
  test.setTimeout(600_000);
  const dir = await tempDir();
  const result = await runCli([
    'run',
    '--config',
    'examples/keen-harness.config.js',
    '--workers',
    '2',
    '--report-dir',
    dir,
  ]);
  const results = await readResults(dir);
  const unexpected = results.filter((r) => !['passed', 'expected-failure'].includes(r.status));
  expect(unexpected, 'runs of the example that neither passed nor failed as listed').toEqual([]);
  expect(results.some((r) => r.mode === 'device' && r.status === 'passed')).toBe(true);
  expect(results.some((r) => r.mode === 'cloud' && r.status === 'passed')).toBe(true);
  expect(results.filter((r) => r.status === 'expected-failure').length).toBeGreaterThan(0);
  expect(result.output).toContain('Expected failures (listed in the target config):');
  expect(result.code).toBe(0);
});

test('listed pass fails the gate', async () => {
  test.setTimeout(120_000);
  const dir = await tempDir();
  const destination = await startExampleDestination();
  try {
    const config = join(dir, 'keen-harness.config.json');
    await writeFile(
      config,
      JSON.stringify({
        targets: [
          {
            name: 'example-over-http',
            cloud: {
              baseUrl: destination.url,
              settings: `${destination.url}/sources/{sourceWriteKey}/settings`,
              results: `${destination.url}/sources/{sourceWriteKey}/results`,
            },
            expectedFailures: [
              { scenario: 'cloud-mapping/iso-dates-converted', reason: 'dates sent as given' },
              { scenario: 'cloud-track/server-example', mode: 'cloud', reason: 'stale entry' },
            ],
          },
        ],
      }),
    );
    const result = await runCli([
      'run',
      'scenarios/cloud-mapping/iso-dates-converted.json',
      'scenarios/cloud-track/server-example.json',
      '--config',
      config,
      '--report-dir',
      dir,
    ]);
    const statuses = (await readResults(dir)).map((r) => `${r.scenario} ${r.status}`).sort();
    expect(statuses).toEqual([
      'cloud-mapping/iso-dates-converted expected-failure',
      'cloud-track/server-example unexpected-pass',
    ]);
    expect(result.output).toContain('Unexpected passes (the target now conforms');
    expect(result.code).toBe(1);
  } finally {
    await destination.close();
  }
});
