import type { Command } from 'commander';
import type { Bundle } from '../bundles/bundle.js';
import { BundleError } from '../bundles/bundle.js';
import { DEFAULT_RESULTS_DIR, displayPath, findBundle } from '../bundles/find.js';

export interface ShowOptions {
  /** Folder searched for a bundle given by run id; default test-results. */
  results?: string;
}

/** Maximum length of a body or event text printed on one line; `records.json` has the rest. */
const MAX_TEXT = 400;

function cut(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}… (${text.length} characters)` : text;
}

function formatMs(value: number | null): string {
  return value === null ? '-' : `${value} ms`;
}

function describeHeader(bundle: Bundle): string[] {
  const { manifest } = bundle;
  const { timings } = manifest;
  return [
    `Run ${manifest.runId ?? '(none: the settings were rejected before any write)'}`,
    `  scenario: ${manifest.scenario.id} [${manifest.scenario.mode}] (${manifest.scenario.file})`,
    `  target:   ${manifest.target ?? 'reference'}`,
    `  outcome:  ${manifest.outcome}`,
    `  bundle:   ${displayPath(bundle.dir)}`,
    `  timings:  load ${formatMs(timings.loadMs)}, calls ${formatMs(timings.callsMs)}, settle ${formatMs(timings.settleMs)}, judge ${formatMs(timings.judgeMs)}, total ${formatMs(timings.totalMs)}`,
  ];
}

function describeRequests(bundle: Bundle): string[] {
  const lines = [`Requests to Keen (${bundle.requests.length}, keys redacted):`];
  for (const request of bundle.requests) {
    const search = request.query === '' ? '' : `?${request.query}`;
    lines.push(`  ${request.method} ${cut(`${request.path}${search}`)} -> ${request.status}`);
    if (request.body !== '') {
      const encoding = request.bodyEncoding === 'base64' ? ' (base64)' : '';
      lines.push(`      body${encoding}: ${cut(request.body)}`);
    }
  }
  return lines;
}

function describeRecords(bundle: Bundle): string[] {
  const lines = [`Journal records (${bundle.records.length}):`];
  for (const record of bundle.records) {
    const outcome =
      record.errorCode === null ? record.outcome : `${record.outcome} ${record.errorCode}`;
    lines.push(
      `  #${record.seq} ${record.collection ?? '(no collection)'} ${record.transport} ${outcome} ${record.status}`,
    );
    lines.push(`      received: ${cut(JSON.stringify(record.body))}`);
  }
  return lines;
}

function describeBrowser(bundle: Bundle): string[] {
  if (bundle.browser === null) return [];
  const {
    console: lines = [],
    pageErrors = [],
    requests = [],
    blockedRequests = [],
  } = bundle.browser;
  const sections: Array<[string, string[]]> = [
    ['Browser console', lines],
    ['Page errors', pageErrors],
    ['Blocked requests', blockedRequests],
  ];
  const described = [`Browser: ${requests.length} requests made by the page (see browser.json)`];
  for (const [title, entries] of sections) {
    described.push(`${title} (${entries.length}):`, ...entries.map((entry) => `  ${cut(entry)}`));
  }
  return described;
}

/** Build the text `keen-harness show` prints for a bundle. */
export function formatBundle(bundle: Bundle): string {
  const sections = [
    describeHeader(bundle),
    bundle.manifest.failure === null
      ? []
      : ['Failure:', ...bundle.manifest.failure.split('\n').map((line) => `  ${line}`)],
    describeRequests(bundle),
    describeRecords(bundle),
    describeBrowser(bundle),
    bundle.settings === null
      ? []
      : ['Settings (keys redacted):', `  ${JSON.stringify(bundle.settings)}`],
  ];
  return sections
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join('\n'))
    .join('\n\n');
}

/** Print a run bundle found by run id or path. Returns the exit code: 0, or 2 when it is not found. */
export async function showCommand(reference: string, options: ShowOptions): Promise<number> {
  try {
    const bundle = await findBundle(reference, options.results);
    console.log(formatBundle(bundle));
    return 0;
  } catch (error) {
    if (!(error instanceof BundleError)) throw error;
    console.error(`keen-harness show: ${error.message}`);
    return 2;
  }
}

/** Add `show <run>` to the CLI. */
export function addShowCommand(program: Command): void {
  program
    .command('show')
    .description('print the bundle of a scenario run: requests, records, browser output, timings')
    .argument('<run>', 'run id (or its start) of a bundle under --results, or a bundle folder')
    .option('--results <dir>', 'folder searched for bundles by run id', DEFAULT_RESULTS_DIR)
    .action(async (reference: string, options: ShowOptions) => {
      process.exitCode = await showCommand(reference, options);
    });
}
