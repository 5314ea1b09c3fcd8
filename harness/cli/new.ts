import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Mode } from '../../schemas/generated/types.js';
import { renderScenarioJson } from '../authoring/json-text.js';
import { scaffoldScenario } from '../authoring/scaffold.js';
import { readContractRules } from '../coverage/coverage.js';
import { findScenarioFiles, parseScenario } from '../scenarios/load.js';

const schemaFile = fileURLToPath(new URL('../../schemas/scenario.schema.json', import.meta.url));

/** Shows a path relative to the working folder when it lies inside it, and absolute otherwise. */
function shownPath(file: string): string {
  const fromCwd = relative(process.cwd(), file);
  return fromCwd && !fromCwd.startsWith('..') ? fromCwd : file;
}

export interface NewOptions {
  mode?: string[];
  rule?: string;
  /** Folder the scenario is written under, as `{dir}/{id}.json`. */
  dir: string;
}

const ID_PATTERN = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/;

/** Returns what is wrong with a scenario id used as a file path, or null when it is usable. */
export function idProblem(id: string): string | null {
  if (!ID_PATTERN.test(id)) {
    return `invalid scenario id "${id}": use lowercase letters, digits, ".", "_" and "-" in "/"-separated parts, for example device-track/my-behaviour`;
  }
  if (id.split('/').some((part) => /^\.+$/.test(part))) {
    return `invalid scenario id "${id}": "." and ".." are not allowed as parts`;
  }
  if (id.endsWith('.json')) return `invalid scenario id "${id}": leave out the .json extension`;
  return null;
}

function ruleProblem(rule: string | undefined): string | null {
  const rules = readContractRules();
  if (rule && rules.some((known) => known.rule === rule)) return null;
  const list = rules.map((known) => `  ${known.rule.padEnd(5)} ${known.title}`).join('\n');
  const problem = rule
    ? `"${rule}" is not a section of the destination contract`
    : '--rule is required: the section of the destination contract the scenario pins';
  return `${problem}; the sections are:\n${list}`;
}

async function findIdOwner(dir: string, id: string): Promise<string | undefined> {
  const files = await findScenarioFiles([dir]).catch(() => []);
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    try {
      if ((JSON.parse(text) as { id?: unknown }).id === id) return file;
    } catch {
      // A broken file cannot own an id; `validate` reports it.
    }
  }
  return undefined;
}

/**
 * Writes a new scenario file from the template. Returns the exit code: 0 written, 2 on an invalid
 * id, rule or mode, or when the file or the id already exists.
 */
export async function newCommand(id: string, options: NewOptions): Promise<number> {
  const fail = (message: string) => {
    console.error(`keen-harness new: ${message}`);
    return 2;
  };
  const invalidId = idProblem(id);
  if (invalidId) return fail(invalidId);
  const invalidRule = ruleProblem(options.rule);
  if (invalidRule) return fail(invalidRule);
  const unknownMode = options.mode?.find((mode) => mode !== 'device' && mode !== 'cloud');
  if (unknownMode) return fail(`unknown mode "${unknownMode}": use device or cloud`);

  const file = resolve(options.dir, `${id}.json`);
  const refuseOverwrite = () => fail(`${shownPath(file)} already exists; refusing to overwrite it`);
  if (
    await access(file).then(
      () => true,
      () => false,
    )
  )
    return refuseOverwrite();
  const owner = await findIdOwner(options.dir, id);
  if (owner) return fail(`the id "${id}" is already used by ${shownPath(owner)}`);

  const modes = options.mode ? ([...new Set(options.mode)] as Mode[]) : undefined;
  const scenario = scaffoldScenario({ id, rule: options.rule as string, modes, file, schemaFile });
  const text = await renderScenarioJson(scenario, file);
  parseScenario(file, text);

  await mkdir(dirname(file), { recursive: true });
  try {
    await writeFile(file, text, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return refuseOverwrite();
    throw error;
  }

  const shown = shownPath(file);
  console.log(`wrote ${shown}`);
  console.log(
    [
      'next:',
      `  1. edit the title, source, settings and calls (guide: ${join('docs', 'authoring.md')})`,
      `  2. keen-harness run --update-expected ${shown}   records what the destination sends`,
      `  3. review the diff, then keen-harness validate ${shown}`,
    ].join('\n'),
  );
  return 0;
}
