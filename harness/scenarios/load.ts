import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import type { Node as JsonNode, ParseError } from 'jsonc-parser';
import type { Mode, Scenario } from '../../schemas/generated/types.js';
import { describeError, relevantErrors, schemaValidator } from './schema-validator.js';

/** Major versions of the scenario format this harness reads. */
export const SUPPORTED_MAJOR_VERSIONS = [1];

/** One problem in a scenario file, located by JSON pointer and by line and column. */
export interface ScenarioProblem {
  file: string;
  pointer: string;
  line: number;
  column: number;
  message: string;
}

/** A scenario file that passed validation. */
export interface LoadedScenario {
  file: string;
  scenario: Scenario;
}

/** Raised when one or more scenario files are invalid; the message lists every problem. */
export class ScenarioLoadError extends Error {
  constructor(readonly problems: ScenarioProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ScenarioLoadError';
  }
}

/** Formats a problem as `file:line:column: /pointer message`, the form editors and CI link to. */
export function formatProblem(problem: ScenarioProblem): string {
  const where = problem.pointer === '' ? '(root)' : problem.pointer;
  return `${problem.file}:${problem.line}:${problem.column}: ${where} ${problem.message}`;
}

/** Lists the scenario files under the given files or folders, sorted by path. */
export async function findScenarioFiles(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new Error(`scenario path not found: ${path}`);
    if (info.isFile()) {
      files.push(resolve(path));
      continue;
    }
    const entries = await readdir(path, { recursive: true, withFileTypes: true });
    for (const entry of entries) {
      if (entry.isFile() && entry.name.endsWith('.json')) {
        files.push(resolve(entry.parentPath, entry.name));
      }
    }
  }
  return [...new Set(files)].sort();
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { line, column };
}

function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

/** Finds the line and column of the key or value at a JSON pointer; 1:1 when the text lacks it. */
export function locate(text: string, tree: JsonNode | undefined, pointer: string) {
  const node = tree ? findNodeAtLocation(tree, pointerToPath(pointer)) : undefined;
  // A missing property is reported at the object that should hold it.
  const target = node?.parent?.type === 'property' ? node.parent : node;
  return positionOf(text, target?.offset ?? 0);
}

/** Parses and validates one scenario file's text; `file` is only used in messages. */
export function parseScenario(file: string, text: string): LoadedScenario {
  const parseErrors: ParseError[] = [];
  const tree = parseTree(text, parseErrors, { allowTrailingComma: false, disallowComments: true });
  if (parseErrors.length > 0 || !tree) {
    const offset = parseErrors[0]?.offset ?? 0;
    throw new ScenarioLoadError([
      { file, pointer: '', ...positionOf(text, offset), message: 'is not valid JSON' },
    ]);
  }
  const data: unknown = JSON.parse(text);

  const validate = schemaValidator('scenario');
  if (!validate(data)) {
    const problems = relevantErrors(validate.errors ?? [], data).map((error) => ({
      file,
      pointer: error.instancePath,
      ...locate(text, tree, error.instancePath),
      message: describeError(error),
    }));
    throw new ScenarioLoadError(problems);
  }
  const scenario = data as unknown as Scenario;

  const major = Number(scenario.version.split('.')[0]);
  if (!SUPPORTED_MAJOR_VERSIONS.includes(major)) {
    throw new ScenarioLoadError([
      {
        file,
        pointer: '/version',
        ...locate(text, tree, '/version'),
        message: `version ${scenario.version} is not supported: this harness reads major version ${SUPPORTED_MAJOR_VERSIONS.join(', ')}`,
      },
    ]);
  }
  return { file, scenario };
}

/** Loads every scenario under the given paths; throws one ScenarioLoadError listing all problems. */
export async function loadScenarios(
  paths: string[],
  cwd = process.cwd(),
): Promise<LoadedScenario[]> {
  const files = await findScenarioFiles(paths);
  const loaded: LoadedScenario[] = [];
  const problems: ScenarioProblem[] = [];
  const idToFile = new Map<string, string>();

  for (const absolute of files) {
    const fromCwd = relative(cwd, absolute);
    const file = fromCwd && !fromCwd.startsWith('..') ? fromCwd : absolute;
    try {
      const result = parseScenario(file, await readFile(absolute, 'utf8'));
      const clash = idToFile.get(result.scenario.id);
      if (clash) {
        problems.push({
          file,
          pointer: '/id',
          line: 1,
          column: 1,
          message: `duplicate scenario id "${result.scenario.id}", also used by ${clash}`,
        });
        continue;
      }
      idToFile.set(result.scenario.id, file);
      loaded.push(result);
    } catch (error) {
      if (error instanceof ScenarioLoadError) problems.push(...error.problems);
      else throw error;
    }
  }
  if (problems.length > 0) throw new ScenarioLoadError(problems);
  return loaded;
}

/** Returns the calls a scenario makes in one mode. */
export function callsForMode(scenario: Scenario, mode: Mode) {
  return scenario.calls.filter((call) => !call.modes || call.modes.includes(mode));
}

/** Joins the default scenario folder to the project root. */
export function defaultScenarioDir(root: string): string {
  return join(root, 'scenarios');
}
