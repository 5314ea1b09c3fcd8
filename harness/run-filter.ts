import type { Mode, Scenario } from '../schemas/generated/types.js';

/** The scenario selection of one run, passed from the CLI to the Playwright workers. */
export interface RunFilter {
  paths: string[];
  accepts(scenario: Scenario, mode: Mode): boolean;
}

/** Environment variables that carry the selection; each contains a JSON value. */
export const FILTER_ENV = {
  paths: 'KEEN_HARNESS_PATHS',
  modes: 'KEEN_HARNESS_MODES',
  ids: 'KEEN_HARNESS_IDS',
  tags: 'KEEN_HARNESS_TAGS',
  targets: 'KEEN_HARNESS_TARGETS',
  /** The config file; not JSON, a path. */
  config: 'KEEN_HARNESS_CONFIG',
} as const;

export function readJsonList(env: NodeJS.ProcessEnv, name: string): string[] | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  const value: unknown = JSON.parse(raw);
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new Error(`${name} must be a JSON list of strings (got ${raw})`);
  }
  return value;
}

/**
 * Reads the selection from the environment; with nothing set, every scenario runs in every mode.
 * Within one kind of filter any pattern may match; all kinds must match.
 */
export function readRunFilter(env: NodeJS.ProcessEnv): RunFilter {
  const paths = readJsonList(env, FILTER_ENV.paths) ?? ['scenarios'];
  const modes = readJsonList(env, FILTER_ENV.modes);
  const ids = readJsonList(env, FILTER_ENV.ids)?.map((pattern) => idPatternToRegExp(pattern));
  const tags = readJsonList(env, FILTER_ENV.tags)?.map((tag) => tag.replace(/^@/, ''));
  return {
    paths,
    accepts: (scenario, mode) =>
      (!modes || modes.includes(mode)) &&
      (!ids || ids.some((pattern) => pattern.test(scenario.id))) &&
      (!tags || tags.some((tag) => (scenario.tags ?? []).includes(tag))),
  };
}

/** Turns a scenario id pattern with `*` wildcards into an anchored regular expression. */
export function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

/**
 * Turns a scenario id pattern into a regular expression. Without `*` it matches any part of the
 * id, as Playwright's --grep does. With `*` it is a wildcard pattern for the whole id.
 */
export function idPatternToRegExp(pattern: string): RegExp {
  if (pattern.includes('*')) return globToRegExp(pattern);
  return new RegExp(pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
}
