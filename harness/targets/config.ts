import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import type { KeenSettings, Mode } from '../../schemas/generated/types.js';
import type { MessageResult } from '../cloud/run.js';

/** A scenario that a target is known to fail in one mode, or in both when `mode` is absent. */
export interface ExpectedFailure {
  /** Scenario id, or an id pattern with `*` wildcards. */
  scenario: string;
  mode?: Mode;
  reason: string;
}

/** The argument of a cloud target's settings hook for one run. */
export interface SourceConfiguration {
  /** Segment source write key the run's calls are sent with (Basic auth user name). */
  sourceWriteKey: string;
  /** Filled and validated Keen destination settings. */
  settings: KeenSettings;
  /** Keen API base the target must send this source's events to, such as `http://127.0.0.1:PORT/runs/RUN/3.0`. */
  keenBaseUrl: string;
}

/** A cloud destination started by the harness in each Playwright worker (JS and TS configs only). */
export interface StartedCloudTarget {
  baseUrl: string;
  close?: () => Promise<void>;
}

/** Cloud mode of a target: Segment's collection API at `baseUrl`, configured per run by `settings`. */
export interface CloudTargetConfig {
  /** Base URL of the collection API; the harness posts to `{baseUrl}/v1/batch`. Give this or `start`. */
  baseUrl?: string;
  /** Starts the destination; called once per worker, with `close` called when the worker ends. */
  start?: () => Promise<StartedCloudTarget>;
  /**
   * Settings hook: a URL containing `{sourceWriteKey}` that the harness PUTs
   * `{"settings", "keenBaseUrl"}` to, or a function (JS and TS configs only). A URL starting with
   * `/` is relative to the base URL.
   */
  settings: string | ((configuration: SourceConfiguration) => Promise<void>);
  /**
   * Message results: a URL containing `{sourceWriteKey}` that returns `{"results": [...]}`, or a
   * function. A URL starting with `/` is relative to the base URL. Without it, scenarios that
   * expect message results fail for this target.
   */
  results?: string | ((sourceWriteKey: string) => Promise<MessageResult[]>);
}

/** Device mode of a target: the integration bundle analytics.js loads from Segment's CDN path. */
export interface DeviceTargetConfig {
  /** A file path (relative to the config file) or an http(s) URL of the `keen-io.dynamic.js` bundle. */
  integration: string;
}

/** One implementation of the Keen destination that the catalogue runs against. */
export interface TargetConfig {
  name: string;
  description?: string;
  device?: DeviceTargetConfig;
  cloud?: CloudTargetConfig;
  expectedFailures?: ExpectedFailure[];
}

/** The content of `keen-harness.config.{json,js,mjs,ts}`. */
export interface HarnessConfig {
  targets: TargetConfig[];
}

/** A loaded configuration and the file it came from; `file` is null when none was found. */
export interface LoadedConfig {
  file: string | null;
  config: HarnessConfig;
}

/** Raised for a configuration file that cannot be read or is invalid; the CLI exits 2. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** File names looked up in the working directory when no `--config` is given, in this order. */
export const DEFAULT_CONFIG_FILES = [
  'keen-harness.config.ts',
  'keen-harness.config.js',
  'keen-harness.config.mjs',
  'keen-harness.config.json',
];

/** Types the config in a TypeScript or JavaScript config file. */
export function defineConfig(config: HarnessConfig): HarnessConfig {
  return config;
}

const urlOrFunction = {
  oneOf: [{ type: 'string', pattern: '\\{sourceWriteKey\\}' }, { instanceof: 'Function' }],
};

const configSchema = {
  type: 'object',
  required: ['targets'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    targets: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', pattern: '^[A-Za-z0-9._-]+$' },
          description: { type: 'string' },
          device: {
            type: 'object',
            required: ['integration'],
            additionalProperties: false,
            properties: { integration: { type: 'string', minLength: 1 } },
          },
          cloud: {
            type: 'object',
            required: ['settings'],
            additionalProperties: false,
            properties: {
              baseUrl: { type: 'string', pattern: '^https?://' },
              start: { instanceof: 'Function' },
              settings: urlOrFunction,
              results: urlOrFunction,
            },
            oneOf: [{ required: ['baseUrl'] }, { required: ['start'] }],
          },
          expectedFailures: {
            type: 'array',
            items: {
              type: 'object',
              required: ['scenario', 'reason'],
              additionalProperties: false,
              properties: {
                scenario: { type: 'string', minLength: 1 },
                mode: { enum: ['device', 'cloud'] },
                reason: { type: 'string', minLength: 1 },
              },
            },
          },
        },
        anyOf: [{ required: ['device'] }, { required: ['cloud'] }],
      },
    },
  },
};

const ajv = new Ajv({ allErrors: true });
ajv.addKeyword({
  keyword: 'instanceof',
  schemaType: 'string',
  validate: (_schema: string, data: unknown) => typeof data === 'function',
});
const validateConfig = ajv.compile<HarnessConfig>(configSchema);

/**
 * Loads the configuration from `path`, or from the first of DEFAULT_CONFIG_FILES in `cwd`.
 * Returns an empty target list when neither exists. JS and TS files export the config as default.
 */
export async function loadHarnessConfig(
  path: string | undefined,
  cwd = process.cwd(),
): Promise<LoadedConfig> {
  const file = path
    ? resolve(cwd, path)
    : DEFAULT_CONFIG_FILES.map((name) => resolve(cwd, name)).find((name) => existsSync(name));
  if (!file) return { file: null, config: { targets: [] } };
  if (!existsSync(file)) throw new ConfigError(`config file not found: ${file}`);

  const config = await readConfigFile(file);
  if (!validateConfig(config)) {
    const problems = (validateConfig.errors ?? []).map(
      (error) => `  ${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}`,
    );
    throw new ConfigError(`invalid config ${file}:\n${problems.join('\n')}`);
  }
  checkUniqueNames(file, config);
  return { file, config };
}

async function readConfigFile(file: string): Promise<unknown> {
  try {
    if (extname(file) === '.json') return JSON.parse(await readFile(file, 'utf8'));
    const module = (await import(pathToFileURL(file).href)) as { default?: unknown };
    return module.default;
  } catch (error) {
    throw new ConfigError(`cannot read config ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function checkUniqueNames(file: string, config: HarnessConfig): void {
  const seen = new Set<string>();
  for (const target of config.targets) {
    if (target.name === 'reference' || target.name.startsWith('mutant.')) {
      throw new ConfigError(
        `invalid config ${file}: target name "${target.name}" is reserved for the built-in targets`,
      );
    }
    if (seen.has(target.name)) {
      throw new ConfigError(`invalid config ${file}: target name "${target.name}" is used twice`);
    }
    seen.add(target.name);
  }
}
