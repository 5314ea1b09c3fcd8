import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';

import { createMockCore, type MockCore } from './core/core.js';
import type { ProjectCreated } from './core/registry.js';
import type { RegistryMode } from './core/types.js';
import { describeJournal, openJournalStorage, type JournalOptions } from './persistence/open.js';
import { createMockApp } from './server/app.js';
import { createKeenRequestListener } from './server/keen-fast-path.js';
import { publicBindWarning } from './server/bind-address.js';

export { createMockCore, type MockCore, type MockCoreOptions } from './core/core.js';
export type {
  JournalRecord,
  KeyKind,
  ProjectConfig,
  RawRequest,
  RegistryMode,
} from './core/types.js';
export type { JournalOptions } from './persistence/open.js';
export type { KeySummary, ProjectCreated, ProjectSummary } from './core/registry.js';

export interface MockKeenOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0, any free port. */
  port?: number;
  /** Default strict. */
  registry?: RegistryMode;
  /** Receives start, stop and error lines; default writes to standard error. Keys never appear in it. */
  log?: (line: string) => void;
  /** Require `Authorization: Bearer TOKEN` on the inspection API under `/mock`; default none. */
  inspectToken?: string;
  /** MaxMind `.mmdb` City database for `keen:ip_to_geo`; default none (built-in documentation ranges only). */
  geoipDatabase?: string;
  /** Called when permissive mode creates a project; default logs the project, key kind and key fingerprint. */
  onProjectCreated?: (created: ProjectCreated) => void;
  /** Storage and size limits of the journal; default in memory, unbounded. */
  journal?: JournalOptions;
}

export interface MockKeen {
  /** `http://HOST:PORT` */
  url: string;
  port: number;
  core: MockCore;
  close(): Promise<void>;
}

/** Request line and header limit: room for a 900,000-byte event in base64 and percent-encoding. */
const MAX_HEADER_BYTES = 4 * 1024 * 1024;

function defaultLog(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Start the mock of Keen's HTTP API and its inspection API on one HTTP server. */
export async function startMockKeen(options: MockKeenOptions = {}): Promise<MockKeen> {
  const host = options.host ?? '127.0.0.1';
  const bindWarning = publicBindWarning(host);
  if (bindWarning !== null) process.emitWarning(bindWarning, { code: 'MOCK_KEEN_PUBLIC_BIND' });
  const log = options.log ?? defaultLog;
  const onProjectCreated =
    options.onProjectCreated ??
    ((created: ProjectCreated) =>
      log(
        `mock-keen: created project ${created.projectId} in run ${created.runId} with a ${created.key.kind} key (${created.key.fingerprint})`,
      ));
  const core = createMockCore({
    registry: options.registry ?? 'strict',
    geoipDatabase: options.geoipDatabase,
    onProjectCreated,
  });
  core.journal.useStorage(openJournalStorage(options.journal));
  const app = createMockApp(core, log, { inspectToken: options.inspectToken });

  // Node's default 16 KiB header limit would cut GET recording URLs long before Keen's
  // 900,000-byte event limit, for which the core returns 413.
  const server = createServer(
    { maxHeaderSize: MAX_HEADER_BYTES },
    createKeenRequestListener(core, app, log),
  );
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    core.journal.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log(
    `mock-keen: listening on ${url} (registry ${core.registry.mode}, journal ${describeJournal(options.journal)})`,
  );

  async function close(): Promise<void> {
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    );
    core.journal.close();
    log(`mock-keen: stopped on ${url}`);
  }

  return { url, port, core, close };
}
