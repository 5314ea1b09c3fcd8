import { FILTER_ENV, readJsonList } from '../run-filter.js';
import { loadHarnessConfig } from './config.js';
import { selectTargets } from './definitions.js';
import type { TargetDefinition } from './definitions.js';

/** The targets a run selected, and the config file they came from. */
export interface TargetSelection {
  configFile: string | null;
  targets: TargetDefinition[];
}

/** Reads the config file and the target patterns that the CLI passed through the environment. */
export async function loadTargetSelection(env: NodeJS.ProcessEnv): Promise<TargetSelection> {
  const { file, config } = await loadHarnessConfig(env[FILTER_ENV.config] || undefined);
  const patterns = readJsonList(env, FILTER_ENV.targets);
  return { configFile: file, targets: selectTargets(config, file, patterns) };
}
