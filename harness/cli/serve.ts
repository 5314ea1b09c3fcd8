import { InvalidArgumentError } from 'commander';

import {
  startMockKeen,
  type MockKeen,
  type ProjectConfig,
  type ProjectCreated,
} from '../../mock-keen/index.js';
import type { KeyConfig } from '../../mock-keen/core/types.js';
import { INSPECT_TOKEN_ENV } from '../../mock-keen/client.js';
import { describeJournal } from '../../mock-keen/persistence/open.js';

export interface ServeOptions {
  port: number;
  host: string;
  /** Projects registered for the default run; with any, the mock starts strict. */
  project?: ProjectConfig[];
  /** MaxMind `.mmdb` City database for `keen:ip_to_geo`. */
  geoipDb?: string;
  /** Bearer token the inspection API requires; default KEEN_MOCK_INSPECT_TOKEN, else none. */
  inspectToken?: string;
  /** SQLite file that keeps the journal across restarts; in memory when absent. */
  journal?: string;
  maxRecords?: number;
  maxBytes?: number;
}

const KEY_KINDS = ['write', 'read', 'master'] as const;

/**
 * Parse a `--project ID:WRITEKEY[:READKEY[:MASTERKEY]]` value and add it to `previous`. An empty
 * read key, as in `ID:WRITEKEY::MASTERKEY`, registers no read key.
 */
export function parseProjectOption(value: string, previous: ProjectConfig[] = []): ProjectConfig[] {
  const [projectId, ...keys] = value.split(':');
  if (!projectId || keys.length === 0 || keys.length > 3 || !keys[0]) {
    throw new InvalidArgumentError(
      'expected ID:WRITEKEY[:READKEY[:MASTERKEY]], for example my-project:my-write-key',
    );
  }
  const configs: KeyConfig[] = [];
  keys.forEach((key, index) => {
    if (key !== '') configs.push({ key, kind: KEY_KINDS[index] });
  });
  if (previous.some((project) => project.projectId === projectId)) {
    throw new InvalidArgumentError(
      `project ${projectId} is given twice; give each project once with all its keys`,
    );
  }
  return [...previous, { projectId, keys: configs }];
}

function printCreatedProject(created: ProjectCreated): void {
  const run = created.runId === 'default' ? '' : ` in run ${created.runId}`;
  console.log(
    `Created project ${created.projectId}${run} with a ${created.key.kind} key (${created.key.fingerprint})`,
  );
}

async function startOrExit(options: ServeOptions): Promise<MockKeen> {
  const strict = (options.project ?? []).length > 0;
  try {
    return await startMockKeen({
      host: options.host,
      port: options.port,
      registry: strict ? 'strict' : 'permissive',
      geoipDatabase: options.geoipDb,
      onProjectCreated: printCreatedProject,
      inspectToken: options.inspectToken ?? (process.env[INSPECT_TOKEN_ENV] || undefined),
      journal: {
        file: options.journal,
        maxRecords: options.maxRecords,
        maxBytes: options.maxBytes,
      },
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'EADDRINUSE' ? `port ${options.port} is already in use` : (error as Error).message;
    console.error(
      `keen-harness serve: failed to start the mock on ${options.host}:${options.port}: ${reason}`,
    );
    process.exit(2);
  }
}

/** Print the options that point each Keen client at the mock; docs/keen-clients.md has the details. */
function printClientGuidance(url: string): void {
  const host = new URL(url).host;
  const port = new URL(url).port;
  console.log('Point Keen clients at it (details and caveats: docs/keen-clients.md):');
  console.log(
    `  keen-js 3.4.0:      new Keen({ projectId, writeKey, host: '${host}/3.0', protocol: 'http' })`,
  );
  console.log(
    `  keen-tracking 5:    new KeenTracking({ projectId, writeKey, host: '${host}', protocol: 'http' })`,
  );
  console.log(
    `    in Node:          host: '${new URL(url).hostname}', nodeRequestConfig: { port: ${port} }`,
  );
  console.log(
    `  keen-analysis 3.7:  new KeenAnalysis({ projectId, readKey, host: '${host}', protocol: 'http' }) (browser)`,
  );
  console.log(
    `  cloud destination:  "keenBaseUrl": "${url}/3.0" in PUT /config/sources/{sourceWriteKey}`,
  );
}

/**
 * Starts the mock and keeps it running until SIGINT or SIGTERM. Without `--project` it is
 * permissive and prints each project it creates; with `--project` it accepts only those projects.
 */
export async function serveCommand(options: ServeOptions): Promise<void> {
  const mock = await startOrExit(options);
  // Handlers go in before the address is printed: so a signal sent by the process that reads it closes the mock.
  const stop = async () => {
    await mock.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const projects = options.project ?? [];
  if (projects.length > 0) mock.core.registry.registerRun('default', projects);

  console.log(`Keen mock listening on ${mock.url}`);
  console.log(`  Keen API base:    ${mock.url}/3.0`);
  console.log(`  inspection API:   ${mock.url}/mock/runs/default/records`);
  console.log(`  journal page:     ${mock.url}/mock/ui`);
  console.log(
    `  journal:          ${describeJournal({ file: options.journal, maxRecords: options.maxRecords, maxBytes: options.maxBytes })}`,
  );
  if (projects.length === 0) {
    console.log('  registry:         permissive (a project is created on its first write)');
  } else {
    for (const project of mock.core.registry.listProjects('default')) {
      const keys = project.keys.map((key) => `${key.kind} ${key.fingerprint}`).join(', ');
      console.log(`  project:          ${project.projectId} (${keys})`);
    }
  }
  if (options.geoipDb !== undefined) console.log(`  GeoIP database:   ${options.geoipDb}`);
  if (options.inspectToken ?? process.env[INSPECT_TOKEN_ENV]) {
    console.log('  inspection token: required, as Authorization: Bearer <token>');
  }
  printClientGuidance(mock.url);
  console.log('Press Ctrl+C to stop.');
}
