import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

/** Chromium flags that keep a headless browser off the network and quiet on a closed machine. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Paths tried, in order, when KEEN_HARNESS_CHROMIUM is not set. */
export const SYSTEM_CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/**
 * Finds the Chromium executable: KEEN_HARNESS_CHROMIUM when set, else a system Chromium, else
 * undefined so that Playwright uses the browser it downloaded itself.
 */
export function findChromiumExecutable(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env.KEEN_HARNESS_CHROMIUM;
  if (configured) return configured;
  return SYSTEM_CHROMIUM_PATHS.find((path) => existsSync(path));
}

/** Builds the launch options that every Chromium of the project is started with. */
export function chromiumLaunchOptions(env: NodeJS.ProcessEnv = process.env): LaunchOptions {
  const executablePath = findChromiumExecutable(env);
  return {
    headless: true,
    args: CHROMIUM_ARGS,
    ...(executablePath ? { executablePath } : {}),
  };
}
