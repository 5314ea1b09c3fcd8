import { InvalidArgumentError, type Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import open from 'open';

import { startMockKeen, type MockKeen } from '../../mock-keen/index.js';
import { BUNDLE_FILES, BundleError } from '../bundles/bundle.js';
import { DEFAULT_RESULTS_DIR, findBundle } from '../bundles/find.js';

/** Environment variable with the URL of a running mock that `open` reuses. */
export const MOCK_URL_ENV = 'KEEN_MOCK_URL';

export interface OpenOptions {
  /** Folder searched for a bundle given by run id; default test-results. */
  results?: string;
  /** A running mock to load the run into; default KEEN_MOCK_URL, else a new mock. */
  mock?: string;
  /** Port of the new mock; default 0, any free port. */
  port: number;
  host: string;
  /** False with --no-browser: print the URL only. */
  browser: boolean;
}

/** Check that a browser can be opened: not in CI, and on Linux only with a graphical display. */
function browserAvailable(): boolean {
  if (process.env.CI) return false;
  if (process.platform !== 'linux') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

async function reachable(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/mock/health`)).ok;
  } catch {
    return false;
  }
}

/** Replace the run in the mock with the bundle's records and raw requests. */
async function loadRun(mockUrl: string, runId: string, journal: string): Promise<void> {
  const runPath = `${mockUrl}/mock/runs/${encodeURIComponent(runId)}`;
  await fetch(runPath, { method: 'DELETE' });
  const response = await fetch(`${runPath}/import?format=ndjson`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-ndjson' },
    body: journal,
  });
  if (!response.ok) {
    throw new BundleError(
      `The mock at ${mockUrl} rejected the import with ${response.status}: ${await response.text()}`,
    );
  }
}

/**
 * Load a bundle's run into a mock, reusing a running one or starting one, and print the journal
 * page filtered to that run. A mock started here runs until Ctrl+C. Returns the exit code.
 */
export async function openCommand(reference: string, options: OpenOptions): Promise<number> {
  let started: MockKeen | null = null;
  try {
    const bundle = await findBundle(reference, options.results);
    const runId = bundle.manifest.runId;
    if (runId === null)
      throw new BundleError(
        `Bundle ${bundle.dir} has no run: the settings were rejected before any write.`,
      );
    const journal = await readFile(join(bundle.dir, BUNDLE_FILES.journal), 'utf8');

    const reuse = options.mock ?? process.env[MOCK_URL_ENV];
    let mockUrl: string;
    if (reuse !== undefined && reuse !== '') {
      mockUrl = reuse.replace(/\/+$/, '');
      if (!(await reachable(mockUrl))) {
        throw new BundleError(
          `No mock responds at ${mockUrl}/mock/health: start one with keen-harness serve, or leave out --mock.`,
        );
      }
    } else {
      started = await startMockKeen({
        host: options.host,
        port: options.port,
        registry: 'permissive',
        log: () => {},
      });
      mockUrl = started.url;
    }
    await loadRun(mockUrl, runId, journal);

    const pageUrl = `${mockUrl}/mock/ui?run=${encodeURIComponent(runId)}`;
    console.log(
      `Run ${runId} (${bundle.manifest.scenario.id} [${bundle.manifest.scenario.mode}]): ${bundle.records.length} records loaded.`,
    );
    console.log(`Journal page: ${pageUrl}`);
    if (options.browser && browserAvailable()) await open(pageUrl);
    if (started === null) return 0;

    console.log('Serving the mock until Ctrl+C.');
    const mock = started;
    const stop = async () => {
      await mock.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return 0;
  } catch (error) {
    await started?.close();
    if (!(error instanceof BundleError)) throw error;
    console.error(`keen-harness open: ${error.message}`);
    return 2;
  }
}

/** Add `open <run>` to the CLI. */
export function addOpenCommand(program: Command): void {
  program
    .command('open')
    .description(
      'load a run bundle into a mock and print the journal page filtered to that run; opens a browser when one is available, never in CI',
    )
    .argument('<run>', 'run id (or its start) of a bundle under --results, or a bundle folder')
    .option('--results <dir>', 'folder searched for bundles by run id', DEFAULT_RESULTS_DIR)
    .option(
      '--mock <url>',
      `a running mock to load the run into (default: $${MOCK_URL_ENV}, else start one)`,
    )
    .option('-p, --port <port>', 'port of the mock started here (0 picks a free one)', parsePort, 0)
    .option('-H, --host <host>', 'address the mock started here binds', '127.0.0.1')
    .option('--no-browser', 'print the page URL without opening a browser')
    .action(async (reference: string, options: OpenOptions) => {
      process.exitCode = await openCommand(reference, options);
    });
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError(`expected an integer from 0 to 65535 (got ${value})`);
  }
  return port;
}
