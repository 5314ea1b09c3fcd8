import type { Command } from 'commander';
import type { RawRequest } from '../../mock-keen/core/types.js';
import { startMockKeen, type MockKeen } from '../../mock-keen/index.js';
import { BundleError } from '../bundles/bundle.js';
import { DEFAULT_RESULTS_DIR, findBundle } from '../bundles/find.js';
import { REDACTED } from '../bundles/redact.js';

/** Environment variable with the Keen key that replaces the redacted one. */
export const REPLAY_KEY_ENV = 'KEEN_WRITE_KEY';

/** Key sent to a fresh permissive mock when none is given; that mock accepts any key. */
const PLACEHOLDER_KEY = 'replay-write-key';

/** Headers that describe the original connection; fetch sets its own. */
const CONNECTION_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'keep-alive',
  'transfer-encoding',
  'expect',
  'accept-encoding',
]);

/** Longest reply body printed. */
const MAX_REPLY = 400;

export interface ReplayOptions {
  /** Keen API root to send to, such as http://127.0.0.1:PORT or http://127.0.0.1:PORT/runs/RUN; default a fresh mock. */
  baseUrl?: string;
  /** The Keen key that replaces the redacted one; default KEEN_WRITE_KEY. */
  key?: string;
  results?: string;
}

/** One request as it is sent again. */
export interface ReplayRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
}

/** Check whether a recorded request had its key redacted, so that replaying it needs a key. */
export function needsKey(request: RawRequest): boolean {
  return (
    request.headers.authorization === REDACTED || /(^|&)api_key=REDACTED(&|$)/.test(request.query)
  );
}

/** Rebuild a recorded request for `baseUrl`, with `key` in place of the redacted key. */
export function rebuildRequest(request: RawRequest, baseUrl: string, key: string): ReplayRequest {
  const query = request.query.replace(
    /(^|&)api_key=REDACTED(?=&|$)/g,
    `$1api_key=${encodeURIComponent(key)}`,
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (CONNECTION_HEADERS.has(name)) continue;
    headers[name] = name === 'authorization' && value === REDACTED ? key : value;
  }
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  return {
    method: request.method,
    url: `${baseUrl.replace(/\/+$/, '')}${request.path}${query === '' ? '' : `?${query}`}`,
    headers,
    body: hasBody
      ? Buffer.from(request.body, request.bodyEncoding === 'base64' ? 'base64' : 'utf8')
      : undefined,
  };
}

async function send(request: ReplayRequest): Promise<string> {
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body === undefined ? undefined : new Uint8Array(request.body),
      redirect: 'manual',
    });
    const text = await response.text();
    const shown = text.length > MAX_REPLY ? `${text.slice(0, MAX_REPLY)}…` : text;
    return `${response.status} ${shown}`;
  } catch (error) {
    return `no reply: ${(error as Error).cause ?? (error as Error).message}`;
  }
}

function chooseKey(requests: RawRequest[], options: ReplayOptions): string {
  const key = options.key ?? process.env[REPLAY_KEY_ENV];
  if (key !== undefined && key !== '') return key;
  if (options.baseUrl === undefined || !requests.some(needsKey)) return PLACEHOLDER_KEY;
  throw new BundleError(
    `Bundles keep no keys: give the write key for ${options.baseUrl} with --key or ${REPLAY_KEY_ENV}.`,
  );
}

/**
 * Send a bundle's recorded requests again, in order, to a fresh mock or to `baseUrl`, and print
 * each reply next to the status first recorded. Returns the exit code: 0, 1 when a request got no
 * reply, 2 when the bundle or key is missing.
 */
export async function replayCommand(reference: string, options: ReplayOptions): Promise<number> {
  let fresh: MockKeen | null = null;
  try {
    const bundle = await findBundle(reference, options.results);
    const key = chooseKey(bundle.requests, options);
    if (options.baseUrl === undefined)
      fresh = await startMockKeen({ registry: 'permissive', log: () => {} });
    const baseUrl = options.baseUrl ?? fresh?.url ?? '';
    console.log(
      `Replaying ${bundle.requests.length} request(s) of run ${bundle.manifest.runId} to ${baseUrl}${fresh ? ' (a fresh mock)' : ''}`,
    );

    let unanswered = 0;
    for (const [index, request] of bundle.requests.entries()) {
      const reply = await send(rebuildRequest(request, baseUrl, key));
      if (reply.startsWith('no reply')) unanswered += 1;
      console.log(
        `  ${index + 1}. ${request.method} ${request.path} (recorded ${request.status}) -> ${reply}`,
      );
    }
    if (fresh !== null) {
      const records = fresh.core.journal.list('default');
      const accepted = records.filter((record) => record.outcome === 'accepted').length;
      console.log(
        `The fresh mock recorded ${records.length} event(s): ${accepted} accepted, ${records.length - accepted} rejected.`,
      );
    }
    return unanswered === 0 ? 0 : 1;
  } catch (error) {
    if (!(error instanceof BundleError)) throw error;
    console.error(`keen-harness replay: ${error.message}`);
    return 2;
  } finally {
    await fresh?.close();
  }
}

/** Add `replay <bundle>` to the CLI. */
export function addReplayCommand(program: Command): void {
  program
    .command('replay')
    .description(
      "send a run bundle's recorded requests again, to a fresh mock or --base-url, and print the replies",
    )
    .argument('<run>', 'run id (or its start) of a bundle under --results, or a bundle folder')
    .option(
      '--base-url <url>',
      'Keen API root to send to, such as http://127.0.0.1:PORT (default: a fresh mock)',
    )
    .option(
      '--key <key>',
      `Keen write key in place of the redacted one (default: $${REPLAY_KEY_ENV})`,
    )
    .option('--results <dir>', 'folder searched for bundles by run id', DEFAULT_RESULTS_DIR)
    .action(async (reference: string, options: ReplayOptions) => {
      process.exitCode = await replayCommand(reference, options);
    });
}
