import { test as base } from '@playwright/test';
import { startMockKeen } from '../mock-keen/index.js';
import { INSPECT_TOKEN_ENV } from '../mock-keen/client.js';
import type { MockKeen } from '../mock-keen/index.js';
import { startCloudDestination } from '../destination/cloud/server.js';
import { TargetPool } from './targets/runtime.js';

type CloudDestination = Awaited<ReturnType<typeof startCloudDestination>>;

/** Servers shared by the tests of one Playwright worker; runs stay apart through mock namespaces. */
export interface WorkerServers {
  mock: MockKeen;
  cloudDestination: CloudDestination;
  /** The targets under test, each started on first use. */
  targets: TargetPool;
}

export const test = base.extend<object, WorkerServers>({
  mock: [
    // Playwright requires the first fixture argument to be destructured, even when empty.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const mock = await startMockKeen({
        log: () => {},
        inspectToken: process.env[INSPECT_TOKEN_ENV] || undefined,
      });
      await use(mock);
      await mock.close();
    },
    { scope: 'worker' },
  ],
  cloudDestination: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const destination = await startCloudDestination({ retry: { baseDelayMs: 0 }, log: () => {} });
      await use(destination);
      await destination.close();
    },
    { scope: 'worker' },
  ],
  targets: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const pool = new TargetPool();
      await use(pool);
      await pool.close();
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
