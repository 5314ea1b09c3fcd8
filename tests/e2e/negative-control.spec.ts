import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import type { Scenario } from '../../schemas/generated/types.js';
import { startCloudDestination } from '../../destination/cloud/server.js';
import type { CloudMutations } from '../../destination/cloud/server.js';
import { startMockKeen } from '../../mock-keen/index.js';
import { runScenario } from '../../harness/run-scenario.js';

const IDENTIFY_SCENARIO = 'scenarios/cloud-silence/identify-sends-nothing.json';

async function runAgainst(
  mutations: CloudMutations,
  testInfo: Parameters<typeof runScenario>[0]['testInfo'],
) {
  const scenario = JSON.parse(await readFile(IDENTIFY_SCENARIO, 'utf8')) as Scenario;
  const mock = await startMockKeen({ log: () => {} });
  const destination = await startCloudDestination({
    mutations,
    retry: { baseDelayMs: 0 },
    log: () => {},
  });
  try {
    return await runScenario({
      scenario,
      file: IDENTIFY_SCENARIO,
      mode: 'cloud',
      mockUrl: mock.url,
      cloudDestinationUrl: destination.url,
      testInfo,
    });
  } finally {
    await destination.close();
    await mock.close();
  }
}

// Playwright requires the first fixture argument to be destructured, even when empty.
/* eslint-disable no-empty-pattern */

test('identify scenario passes the reference destination', async ({}, testInfo) => {
  const result = await runAgainst({}, testInfo);
  expect(result.verdict.passed).toBe(true);
});

test('identify scenario fails a destination forwarding identify', async ({}, testInfo) => {
  const failure = runAgainst({ forwardIdentify: true }, testInfo);
  await expect(failure).rejects.toThrow(/scenario cloud-silence\/identify-sends-nothing \[cloud\]/);
  await expect(runAgainst({ forwardIdentify: true }, testInfo)).rejects.toThrow(
    /unexpected write 0: seq \d+ "Identify"/,
  );
});
