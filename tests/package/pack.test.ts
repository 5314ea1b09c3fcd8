import { execFile } from 'node:child_process';
import { cp, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify, stripVTControlCharacters } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CONSUMER_TEMPLATE = fileURLToPath(new URL('./consumer', import.meta.url));

/** Packing builds dist/ with tsc, and installing copies about 275 packages from npm's cache. */
const STEP_TIMEOUT_MS = 150_000;

interface PackResult {
  filename: string;
  files: Array<{ path: string }>;
}

let scratch: string;
let packed: PackResult;

/** The environment of the nested npm and vitest: no colours, and none of this vitest's own variables. */
const CHILD_ENV = {
  ...Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !name.startsWith('VITEST') && name !== 'FORCE_COLOR',
    ),
  ),
  NO_COLOR: '1',
};

/** Run `npm` in `cwd`; on failure, throw with its output so the cause is visible. */
async function npm(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('npm', args, {
      cwd,
      env: CHILD_ENV,
      maxBuffer: 64 * 1024 * 1024,
      timeout: STEP_TIMEOUT_MS,
    });
    return stripVTControlCharacters(stdout);
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}\n${stderr ?? ''}`, {
      cause: error,
    });
  }
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'keen-harness-pack-'));
  const output = await npm(ROOT, ['pack', '--json', '--pack-destination', scratch]);
  [packed] = JSON.parse(output.slice(output.indexOf('['))) as PackResult[];

  const consumer = join(scratch, 'consumer');
  await cp(CONSUMER_TEMPLATE, consumer, { recursive: true });
  await rename(join(scratch, packed.filename), join(consumer, 'keen-contract-harness.tgz'));
}, STEP_TIMEOUT_MS);

afterAll(async () => {
  if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
});

describe('packed package', () => {
  it('ships built entry points', () => {
    const paths = packed.files.map((file) => file.path);

    for (const entry of [
      'dist/index',
      'dist/mock-keen/msw/index',
      'dist/mock-keen/msw/browser',
      'dist/mock-keen/testing/index',
    ]) {
      expect(paths, `${entry}.js`).toContain(`${entry}.js`);
      expect(paths, `${entry}.d.ts`).toContain(`${entry}.d.ts`);
    }
    expect(paths.filter((path) => path.endsWith('.test.ts'))).toEqual([]);
  });

  it(
    'runs a consumer test',
    async () => {
      const consumer = join(scratch, 'consumer');
      const install = ['install', '--ignore-scripts', '--no-audit', '--no-fund'];
      // The project's own install leaves every package the consumer needs in npm's cache, and
      // tests reach no host but loopback, so the install never falls back to the registry.
      await npm(consumer, [...install, '--offline']).catch((error: Error) => {
        throw new Error(
          `offline install of the packed tarball failed; run npm ci first so npm's cache has every dependency: ${error.message}`,
          { cause: error },
        );
      });

      const output = await npm(consumer, ['test']);
      expect(output).toMatch(/Tests\s+4 passed/);
    },
    STEP_TIMEOUT_MS * 2,
  );
});
