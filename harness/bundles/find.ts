import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';

import { BUNDLE_FILES, BUNDLE_FOLDER, BundleError, readBundle, type Bundle } from './bundle.js';

/** Default folder searched for bundles by run id: Playwright's test output folder. */
export const DEFAULT_RESULTS_DIR = 'test-results';

/** Folder depth searched below the results folder; Playwright puts each test's folder at depth 1. */
const MAX_DEPTH = 4;

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isFile(),
    () => false,
  );
}

/** Find the bundle folder a path names: the folder itself, its bundle.json, or a test output folder. */
async function bundleDirAt(path: string): Promise<string | null> {
  if (basename(path) === BUNDLE_FILES.manifest && (await isFile(path))) return join(path, '..');
  if (await isFile(join(path, BUNDLE_FILES.manifest))) return path;
  if (await isFile(join(path, BUNDLE_FOLDER, BUNDLE_FILES.manifest)))
    return join(path, BUNDLE_FOLDER);
  return null;
}

/** List the bundle folders under `root`, nearest first. */
export async function listBundleDirs(root: string, depth = 0): Promise<string[]> {
  if (depth > MAX_DEPTH) return [];
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const dir = join(root, entry.name);
    if (entry.name === BUNDLE_FOLDER) found.push(dir);
    else found.push(...(await listBundleDirs(dir, depth + 1)));
  }
  return found;
}

/**
 * Find a bundle by path, or by run id under `resultsDir`. A run id matches exactly, or as the only
 * bundle whose run id starts with it.
 */
export async function findBundle(
  reference: string,
  resultsDir = DEFAULT_RESULTS_DIR,
): Promise<Bundle> {
  const direct = await bundleDirAt(reference);
  if (direct !== null) return readBundle(direct);

  const bundles: Bundle[] = [];
  for (const dir of await listBundleDirs(resultsDir)) {
    bundles.push(await readBundle(dir));
  }
  const exact = bundles.filter((bundle) => bundle.manifest.runId === reference);
  if (exact.length > 0) return exact[0];

  const prefixed = bundles.filter((bundle) => bundle.manifest.runId?.startsWith(reference));
  if (prefixed.length === 1) return prefixed[0];
  if (prefixed.length > 1) {
    const ids = prefixed.map((bundle) => `  ${bundle.manifest.runId}`).join('\n');
    throw new BundleError(
      `Run id ${reference} matches ${prefixed.length} bundles; give more of it:\n${ids}`,
    );
  }
  throw new BundleError(
    `No run bundle ${reference}: it is neither a bundle folder nor a run id found under ${resultsDir}/ (${bundles.length} bundles there). Give the folder path, or --results with the test output folder.`,
  );
}

/** Format a path relative to the working folder when it is inside it, else absolute. */
export function displayPath(path: string): string {
  const shown = relative(process.cwd(), path);
  if (shown === '') return '.';
  return shown.startsWith('..') ? resolve(path) : shown;
}
