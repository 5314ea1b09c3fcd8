import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './harness/browser/launch-options.js';

/**
 * Two projects: `e2e` contains the project's own browser and end-to-end tests, `conformance` runs the
 * scenario catalogue (one test per scenario and mode). `keen-harness run` drives the second one.
 */
export default defineConfig({
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: process.env.CI ? 2 : undefined,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions(),
  },
  projects: [
    { name: 'e2e', testDir: './tests/e2e', testMatch: /.*\.spec\.ts$/ },
    {
      name: 'conformance',
      testDir: './harness',
      testMatch: /conformance\.spec\.ts$/,
      // NOTE: this makes each test a test group of its own. Playwright 1.65.2's worker copies the
      // spec file's whole suite for every group, so a run's cost grows with the catalogue's size:
      // in a trial, 0.5 ms a run at 140 runs and 1.6 ms at 560.
      fullyParallel: true,
    },
  ],
});
