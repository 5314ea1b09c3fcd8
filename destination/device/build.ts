import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, version as esbuildVersion } from 'esbuild';
import type { Plugin } from 'esbuild';

/** The built files that device mode serves in place of Segment's and Keen's CDNs. */
export interface DeviceAssets {
  /** `keen-io.dynamic.js.gz` as analytics.js loads it, served as plain JavaScript. */
  integration: string;
  /** keen-js `keen-tracker.min.js`, the tracking-only bundle. */
  keenTracker: string;
  /** keen-js `keen.min.js`, the full bundle that the integration loads when a read key is set. */
  keenFull: string;
}

/** The keen-js release the integration loads. Its CDN path and `Keen.version` contain this string. */
export const KEEN_JS_VERSION = '3.4.0';

/** analytics-next derives this path name from "Keen IO" and reads `window['keen-io…']` globals. */
export const INTEGRATION_PATH_NAME = 'keen-io';

const DEVICE_DIR = dirname(fileURLToPath(import.meta.url));
const SOURCE_DIR = join(DEVICE_DIR, 'src');
const ROOT_DIR = resolve(DEVICE_DIR, '../..');
const CACHE_DIR = join(ROOT_DIR, '.cache', 'device');

/** Packages whose version changes the built files. */
const INPUT_PACKAGES = [
  'esbuild',
  'keen-js',
  '@segment/analytics.js-integration',
  '@ndhoule/clone',
];

const OUTPUT_FILES = {
  integration: `${INTEGRATION_PATH_NAME}.dynamic.js`,
  keenTracker: 'keen-tracker.min.js',
  keenFull: 'keen.min.js',
} as const satisfies Record<keyof DeviceAssets, string>;

const require = createRequire(import.meta.url);

/**
 * A text replacement in `src/keen-io.js`, applied when the integration is bundled. Negative
 * controls use it to build deliberately defective integrations.
 */
export interface IntegrationPatch {
  find: string;
  replace: string;
}

/** Build options; none are needed for the reference integration. */
export interface DeviceBuildOptions {
  /** Patches applied in order; the build fails when a `find` text is not in the source. */
  integrationPatches?: IntegrationPatch[];
}

let pendingBuild: Promise<DeviceAssets> | undefined;
const patchedBuilds = new Map<string, Promise<DeviceAssets>>();

/**
 * Builds the integration and both keen-js bundles, or reads them from `.cache/device/{hash}` when
 * the inputs (integration sources, this file and the package versions) have not changed. Calls in
 * one process share one build. A patched integration is built in memory and never cached on disk.
 */
export function buildDeviceAssets(options: DeviceBuildOptions = {}): Promise<DeviceAssets> {
  pendingBuild ??= loadOrBuild().catch((error: unknown) => {
    pendingBuild = undefined;
    throw error;
  });
  const patches = options.integrationPatches ?? [];
  if (patches.length === 0) return pendingBuild;

  const key = JSON.stringify(patches);
  let patched = patchedBuilds.get(key);
  if (!patched) {
    patched = pendingBuild.then(async (assets) => ({
      ...assets,
      integration: await buildIntegration(patches),
    }));
    patchedBuilds.set(key, patched);
  }
  return patched;
}

async function loadOrBuild(): Promise<DeviceAssets> {
  const cacheDir = join(CACHE_DIR, await hashInputs());
  const cached = await readAssets(cacheDir).catch(() => undefined);
  if (cached) return cached;

  const assets: DeviceAssets = {
    integration: await buildIntegration(),
    keenTracker: await buildKeenJs('keen-tracker.js'),
    keenFull: await buildKeenJs('keen.js'),
  };
  await writeAssets(cacheDir, assets);
  return assets;
}

/**
 * Bundles the integration into Segment's `.dynamic.js` shell: analytics.js reads
 * `window['keen-ioDeps']`, loads each dependency (none here), calls `window['keen-ioLoader']()`
 * and then takes the constructor from `window['keen-ioIntegration']`.
 */
async function buildIntegration(patches: IntegrationPatch[] = []): Promise<string> {
  const result = await build({
    stdin: {
      contents: `import KeenIO from './keen-io.js';\nwindow['${INTEGRATION_PATH_NAME}Integration'] = KeenIO;\n`,
      resolveDir: SOURCE_DIR,
      sourcefile: 'keen-io-entry.js',
    },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    // @segment/fmt reads Node's `global` when its module loads.
    define: { global: 'window' },
    plugins: patches.length > 0 ? [patchIntegrationSource(patches)] : [],
    logLevel: 'silent',
  });
  const bundle = result.outputFiles[0].text;
  return (
    `window['${INTEGRATION_PATH_NAME}Deps'] = [];\n` +
    `window['${INTEGRATION_PATH_NAME}Loader'] = function () {\n${bundle}};\n`
  );
}

/** Applies the patches to `src/keen-io.js` as esbuild loads it. */
function patchIntegrationSource(patches: IntegrationPatch[]): Plugin {
  return {
    name: 'keen-io-patches',
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: /[\\/]src[\\/]keen-io\.js$/ }, async ({ path }) => {
        let source = await readFile(path, 'utf8');
        for (const patch of patches) {
          if (!source.includes(patch.find)) {
            throw new Error(
              `integration patch not applicable: ${path} has no ${JSON.stringify(patch.find)}`,
            );
          }
          source = source.replace(patch.find, () => patch.replace);
        }
        return { contents: source, loader: 'js' };
      });
    },
  };
}

/** Bundles one of keen-js's browser entry points (`src/keen-tracker.js` or `src/keen.js`) as a minified IIFE. */
async function buildKeenJs(entry: string): Promise<string> {
  const keenDir = dirname(require.resolve('keen-js/package.json'));
  const version = packageVersion('keen-js');
  if (version !== KEEN_JS_VERSION) {
    throw new Error(
      `keen-js ${version} is installed, but device mode needs ${KEEN_JS_VERSION}: run npm ci`,
    );
  }

  const result = await build({
    entryPoints: [join(keenDir, 'src', entry)],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    minify: true,
    plugins: [replaceKeenVersion(version)],
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

/**
 * Replaces the `__VERSION__` literal in keen-js's sources with the package version, as keen-js's
 * own browserify build does. The build fails if no source contained the literal.
 */
function replaceKeenVersion(version: string): Plugin {
  return {
    name: 'keen-js-version',
    setup(pluginBuild) {
      let replaced = 0;
      pluginBuild.onLoad({ filter: /[\\/]keen-js[\\/]src[\\/].*\.js$/ }, async ({ path }) => {
        const source = await readFile(path, 'utf8');
        if (source.includes('__VERSION__')) replaced += 1;
        return { contents: source.replaceAll('__VERSION__', version), loader: 'js' };
      });
      pluginBuild.onEnd((result) => {
        if (result.errors.length === 0 && replaced === 0) {
          result.errors.push({
            id: 'keen-js-version',
            pluginName: 'keen-js-version',
            text: "no keen-js source contains '__VERSION__', so Keen.version would be wrong",
            location: null,
            notes: [],
            detail: undefined,
          });
        }
      });
    },
  };
}

async function hashInputs(): Promise<string> {
  const hash = createHash('sha256');
  const files = [...(await listFiles(SOURCE_DIR)), fileURLToPath(import.meta.url)].sort();
  for (const file of files) {
    hash.update(`${relative(ROOT_DIR, file)}\0`);
    hash.update(await readFile(file));
  }
  for (const name of INPUT_PACKAGES) {
    hash.update(`${name}@${name === 'esbuild' ? esbuildVersion : packageVersion(name)}\0`);
  }
  return hash.digest('hex').slice(0, 16);
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

function packageVersion(name: string): string {
  return (require(`${name}/package.json`) as { version: string }).version;
}

async function readAssets(dir: string): Promise<DeviceAssets> {
  return {
    integration: await readFile(join(dir, OUTPUT_FILES.integration), 'utf8'),
    keenTracker: await readFile(join(dir, OUTPUT_FILES.keenTracker), 'utf8'),
    keenFull: await readFile(join(dir, OUTPUT_FILES.keenFull), 'utf8'),
  };
}

/** Writes into a private folder and renames it into place, so parallel workers never read half a cache entry. */
async function writeAssets(dir: string, assets: DeviceAssets): Promise<void> {
  const staging = `${dir}.${randomUUID()}.tmp`;
  await mkdir(staging, { recursive: true });
  for (const key of Object.keys(OUTPUT_FILES) as (keyof DeviceAssets)[]) {
    await writeFile(join(staging, OUTPUT_FILES[key]), assets[key]);
  }
  try {
    await rename(staging, dir);
  } catch {
    // Another worker put the same entry in place first; its files are identical.
    await rm(staging, { recursive: true, force: true });
  }
}
