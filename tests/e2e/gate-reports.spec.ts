import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { JSONReport, JSONReportSuite, JSONReportTestResult } from '@playwright/test/reporter';
import { runCli, tempDir } from './gate-helpers.js';

test.describe.configure({ timeout: 120_000 });

/** Finds the last result of the test whose title contains `title`. */
function findResult(report: JSONReport, title: string): JSONReportTestResult | undefined {
  const visit = (suite: JSONReportSuite): JSONReportTestResult | undefined => {
    for (const spec of suite.specs) {
      if (spec.title.includes(title)) return spec.tests[0]?.results.at(-1);
    }
    for (const child of suite.suites ?? []) {
      const found = visit(child);
      if (found) return found;
    }
    return undefined;
  };
  for (const suite of report.suites) {
    const found = visit(suite);
    if (found) return found;
  }
  return undefined;
}

test('reports hold diffs, payloads and requests', async () => {
  const dir = await tempDir();
  const scenario = JSON.parse(await readFile('scenarios/cloud-track/server-example.json', 'utf8'));
  scenario.id = 'cloud-track/server-example-refund';
  scenario.expect.cloud.writes[0].body.revenue = 20.5;
  scenario.expect.cloud.writes.push({ ...scenario.expect.cloud.writes[0], collection: 'Refunded' });
  await writeFile(join(dir, 'scenario.json'), JSON.stringify(scenario));

  const result = await runCli([
    'run',
    join(dir, 'scenario.json'),
    'scenarios/cloud-silence/identify-sends-nothing.json',
    '--report-dir',
    join(dir, 'reports'),
  ]);
  expect(result.code).toBe(1);

  const junit = await readFile(join(dir, 'reports', 'junit.xml'), 'utf8');
  expect(junit.match(/<testcase /g)?.length).toBe(2);
  expect(junit).toContain('/expect/cloud/writes/0/body/revenue: differs');
  expect(junit).toContain('missing write 1 "Refunded"; nearest recorded write: seq ');

  const report = JSON.parse(
    await readFile(join(dir, 'reports', 'report.json'), 'utf8'),
  ) as JSONReport;
  const failed = findResult(report, 'cloud-track/server-example-refund [cloud]');
  const attachments = failed?.attachments.map((attachment) => attachment.name) ?? [];
  for (const name of [
    'settings.json',
    'expected.json',
    'keen-records.json',
    'keen-requests.json',
    'destination-results.json',
  ]) {
    expect(attachments, `attachment ${name}`).toContain(name);
  }

  const requests = failed?.attachments.find(
    (attachment) => attachment.name === 'keen-requests.json',
  );
  const body = JSON.parse(Buffer.from(requests?.body ?? '', 'base64').toString('utf8'));
  expect(body[0]).toMatchObject({ method: 'POST', transport: 'batch', status: 200 });
  expect(body[0].events[0].collection).toBe('Purchased');

  expect(existsSync(join(dir, 'reports', 'html', 'index.html'))).toBe(true);
});
