import type { Mode, Scenario } from '../../schemas/generated/types.js';
import { MUTANTS } from '../mutants/catalogue.js';
import type { Mutant } from '../mutants/catalogue.js';
import { globToRegExp } from '../run-filter.js';
import type { ExpectedFailure, HarnessConfig, TargetConfig } from './config.js';

/** The name of the built-in target: the reference destination of this repository. */
export const REFERENCE_TARGET = 'reference';

/** Prefix of the built-in mutant targets, `mutant.{id}`. */
export const MUTANT_PREFIX = 'mutant.';

/** A target as the conformance run uses it: the modes it implements, and how to reach it. */
export interface TargetDefinition {
  name: string;
  description: string;
  modes: Mode[];
  /** Scenario id patterns the target runs; every scenario when absent. */
  area?: string[];
  expectedFailures: ExpectedFailure[];
  /** Set for the reference destination and its mutants. */
  mutant?: Mutant;
  /** Set for a target from a config file. */
  config?: TargetConfig;
  /** The config file, for resolving the relative paths of `config`. */
  configFile?: string;
}

/** Raised when a `--target` name matches no known target; the CLI exits 2. */
export class UnknownTargetError extends Error {
  override name = 'UnknownTargetError';
}

const REFERENCE: TargetDefinition = {
  name: REFERENCE_TARGET,
  description: 'the reference destination of this repository',
  modes: ['device', 'cloud'],
  expectedFailures: [],
};

function mutantTarget(mutant: Mutant): TargetDefinition {
  return {
    name: `${MUTANT_PREFIX}${mutant.id}`,
    description: `reference destination with a defect: ${mutant.description}`,
    modes: [mutant.mode],
    area: mutant.area,
    expectedFailures: [],
    mutant,
  };
}

function configTarget(target: TargetConfig, configFile: string | null): TargetDefinition {
  const modes: Mode[] = [];
  if (target.device) modes.push('device');
  if (target.cloud) modes.push('cloud');
  return {
    name: target.name,
    description: target.description ?? `target from ${configFile ?? 'the config'}`,
    modes,
    expectedFailures: target.expectedFailures ?? [],
    config: target,
    configFile: configFile ?? undefined,
  };
}

/** Lists every built-in and configured target: the reference, its mutants, then the config's targets. */
export function allTargets(config: HarnessConfig, configFile: string | null): TargetDefinition[] {
  return [
    REFERENCE,
    ...MUTANTS.map(mutantTarget),
    ...config.targets.map((target) => configTarget(target, configFile)),
  ];
}

/**
 * Selects targets by name patterns (`*` wildcards). Without patterns the config's own targets
 * run, or the reference when the config has none. A pattern that matches nothing is an error.
 */
export function selectTargets(
  config: HarnessConfig,
  configFile: string | null,
  patterns: string[] | undefined,
): TargetDefinition[] {
  const targets = allTargets(config, configFile);
  if (!patterns || patterns.length === 0) {
    const own = targets.filter((target) => target.config);
    return own.length > 0 ? own : [REFERENCE];
  }

  const selected = new Set<TargetDefinition>();
  for (const pattern of patterns) {
    const regExp = globToRegExp(pattern);
    const matches = targets.filter((target) => regExp.test(target.name));
    if (matches.length === 0) {
      const names = targets.map((target) => target.name).join(', ');
      throw new UnknownTargetError(`no target matches "${pattern}"; known targets: ${names}`);
    }
    matches.forEach((target) => selected.add(target));
  }
  return [...selected];
}

/** True when the target runs the scenario in the mode: it implements the mode and the scenario is in its area. */
export function targetRuns(target: TargetDefinition, scenario: Scenario, mode: Mode): boolean {
  if (!target.modes.includes(mode)) return false;
  if (!target.area) return true;
  return target.area.some((pattern) => globToRegExp(pattern).test(scenario.id));
}

/** Finds the expected-failure entry that covers a scenario in a mode, if any. */
export function findExpectedFailure(
  target: TargetDefinition,
  scenario: Scenario,
  mode: Mode,
): ExpectedFailure | undefined {
  return target.expectedFailures.find(
    (entry) =>
      (entry.mode === undefined || entry.mode === mode) &&
      globToRegExp(entry.scenario).test(scenario.id),
  );
}
