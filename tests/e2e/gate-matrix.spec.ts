import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { runCli, tempDir } from './gate-helpers.js';

test('matrix tables targets and modes', async () => {
  test.setTimeout(120_000);
  const dir = await tempDir();
  const result = await runCli([
    'matrix',
    'scenarios/cloud-mapping/iso-dates-converted.json',
    'scenarios/cloud-track/server-example.json',
    '--config',
    'examples/keen-harness.config.js',
    '--report-dir',
    dir,
  ]);
  expect(result.code).toBe(0);

  const markdown = await readFile(join(dir, 'matrix.md'), 'utf8');
  expect(markdown).toContain('| scenario | reference (cloud) | example (cloud) |');
  expect(markdown).toContain('| cloud-mapping/iso-dates-converted | pass | expected fail |');
  expect(markdown).toContain('| cloud-track/server-example | pass | pass |');

  const html = await readFile(join(dir, 'matrix.html'), 'utf8');
  expect(html).toContain('<td class="expected-fail">expected fail</td>');
});
