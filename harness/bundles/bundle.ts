import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { JournalRecord, RawRequest } from '../../mock-keen/core/types.js';

/** Name of the bundle folder inside a test's output folder. */
export const BUNDLE_FOLDER = 'keen-bundle';

/** Files of a bundle folder. */
export const BUNDLE_FILES = {
  manifest: 'bundle.json',
  requests: 'requests.json',
  records: 'records.json',
  journal: 'journal.ndjson',
  settings: 'settings.json',
  browser: 'browser.json',
  results: 'destination-results.json',
} as const;

/** Layout version of bundle.json; readers refuse other versions. */
export const BUNDLE_VERSION = 1;

/**
 * Durations of a run's phases in milliseconds, null where the phase did not happen. They come from
 * the runner's marks. A run that failed before its marks were attached is split instead at the
 * receive times of its first write and of its last write before the sentinel.
 */
export interface BundleTimings {
  /** From the start of the runner until the destination could take calls. */
  loadMs: number | null;
  /** From then until the last call was made. */
  callsMs: number | null;
  /** From the last call until the sentinel was recorded or the quiet period passed. */
  settleMs: number | null;
  /** Comparing the records with the expectation. */
  judgeMs: number | null;
  totalMs: number;
}

/** bundle.json: what ran and how it ended; the other files hold the data. */
export interface BundleManifest {
  version: number;
  runId: string | null;
  scenario: { id: string; file: string; mode: string };
  target: string | null;
  outcome: 'passed' | 'failed';
  /** The failure message, keys redacted. */
  failure: string | null;
  createdAt: string;
  timings: BundleTimings;
  /** The files present in the folder, by what they hold. */
  files: Partial<Record<keyof typeof BUNDLE_FILES, string>>;
}

/** A bundle as read from its folder. */
export interface Bundle {
  dir: string;
  manifest: BundleManifest;
  requests: RawRequest[];
  records: JournalRecord[];
  settings: unknown;
  browser: {
    console?: string[];
    pageErrors?: string[];
    requests?: string[];
    blockedRequests?: string[];
  } | null;
  results: unknown;
}

/** Error for a bundle that cannot be found or read; the CLI prints it and exits 2. */
export class BundleError extends Error {
  override name = 'BundleError';
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new BundleError(`Bundle file ${file} cannot be read: ${(error as Error).message}.`);
  }
}

/** Read a bundle folder written by the harness. */
export async function readBundle(dir: string): Promise<Bundle> {
  const manifest = (await readJson(join(dir, BUNDLE_FILES.manifest))) as BundleManifest | null;
  if (manifest === null)
    throw new BundleError(`${dir} is not a run bundle: it has no ${BUNDLE_FILES.manifest}.`);
  if (manifest.version !== BUNDLE_VERSION) {
    throw new BundleError(
      `Bundle ${dir} has version ${manifest.version}; this harness reads version ${BUNDLE_VERSION}.`,
    );
  }
  return {
    dir,
    manifest,
    requests: ((await readJson(join(dir, BUNDLE_FILES.requests))) as RawRequest[] | null) ?? [],
    records: ((await readJson(join(dir, BUNDLE_FILES.records))) as JournalRecord[] | null) ?? [],
    settings: await readJson(join(dir, BUNDLE_FILES.settings)),
    browser: (await readJson(join(dir, BUNDLE_FILES.browser))) as Bundle['browser'],
    results: await readJson(join(dir, BUNDLE_FILES.results)),
  };
}
