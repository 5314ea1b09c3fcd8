import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from '@playwright/test';
import { findChromiumExecutable } from './launch-options.js';

const require = createRequire(import.meta.url);

/** Raised when no Chromium can be found or installed; the CLI exits 2 with this message. */
export class BrowserProvisioningError extends Error {
  override name = 'BrowserProvisioningError';
}

function run(command: string, args: string[], log: (line: string) => void): boolean {
  log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

function playwrightChromiumPath(): string | undefined {
  try {
    const path = chromium.executablePath();
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Makes sure a Chromium is available and returns its path. It tries KEEN_HARNESS_CHROMIUM, then
 * a system Chromium, then Playwright's own download. When none exists, it installs Debian's
 * `chromium` with apt-get (as root), or else Playwright's download where the network allows it.
 */
export function ensureChromium(log: (line: string) => void = console.error): string {
  const configured = process.env.KEEN_HARNESS_CHROMIUM;
  if (configured) {
    if (existsSync(configured)) return configured;
    throw new BrowserProvisioningError(
      `KEEN_HARNESS_CHROMIUM is set to ${configured}, which does not exist: point it at a Chromium executable or unset it`,
    );
  }
  const found = findChromiumExecutable() ?? playwrightChromiumPath();
  if (found) return found;

  log('Chromium not found: device mode needs one, installing it now.');
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    if (
      run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], log) ||
      (run('apt-get', ['update'], log) &&
        run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], log))
    ) {
      const installed = findChromiumExecutable();
      if (installed) return installed;
    }
  }
  if (
    run(process.execPath, [require.resolve('@playwright/test/cli'), 'install', 'chromium'], log)
  ) {
    const downloaded = playwrightChromiumPath();
    if (downloaded) return downloaded;
  }
  throw new BrowserProvisioningError(
    "no Chromium found and none could be installed: install Debian's chromium (apt-get install chromium), " +
      'run "npx playwright install chromium", or set KEEN_HARNESS_CHROMIUM to a Chromium executable',
  );
}
