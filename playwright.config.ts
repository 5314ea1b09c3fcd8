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
      fullyParallel: true,
    },
  ],
});
