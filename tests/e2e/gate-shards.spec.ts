import { cp, mkdir, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { readResults, runCli, runNode, tempDir } from './gate-helpers.js';

const require = createRequire(import.meta.url);
const SELECTION = ['run', '--mode', 'cloud', '--grep', 'cloud-page/*', '--grep', 'cloud-silence/*'];

function outcomes(results: Awaited<ReturnType<typeof readResults>>): string[] {
  return results.map((r) => `${r.target} ${r.scenario} [${r.mode}] ${r.status}`).sort();
}

test('merged shards equal a single run', async () => {
  test.setTimeout(300_000);
  const dir = await tempDir();
  const single = await runCli([...SELECTION, '--report-dir', join(dir, 'single')]);
  expect(single.code).toBe(0);

  const blobs = join(dir, 'blobs');
  await mkdir(blobs);
  for (const shard of ['1/2', '2/2']) {
    const reportDir = join(dir, `shard-${shard[0]}`);
    const result = await runCli([...SELECTION, '--shard', shard, '--report-dir', reportDir]);
    expect(result.code, result.output).toBe(0);
    for (const file of await readdir(join(reportDir, 'blob'))) {
      await cp(join(reportDir, 'blob', file), join(blobs, file));
    }
  }
  expect((await readdir(blobs)).length).toBe(2);

  const merged = join(dir, 'merged');
  const merge = await runNode(
    [require.resolve('@playwright/test/cli'), 'merge-reports', '--reporter', 'json', blobs],
    { PLAYWRIGHT_JSON_OUTPUT_FILE: join(merged, 'report.json') },
  );
  expect(merge.code, merge.output).toBe(0);

  const expected = outcomes(await readResults(join(dir, 'single')));
  expect(expected.length).toBeGreaterThan(1);
  expect(outcomes(await readResults(merged))).toEqual(expected);
});
