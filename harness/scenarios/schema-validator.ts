import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS with a default export, so under NodeNext it arrives wrapped once more.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const schemasDir = fileURLToPath(new URL('../../schemas/', import.meta.url));

function readSchema(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${schemasDir}${file}`, 'utf8')) as Record<string, unknown>;
}

let ajv: Ajv2020 | undefined;

/** Returns the shared ajv instance, with every project schema and the standard formats. */
function getAjv(): Ajv2020 {
  if (!ajv) {
    ajv = new Ajv2020({
      allErrors: true,
      strict: true,
      strictRequired: false,
      allowUnionTypes: true,
    });
    addFormats(ajv);
    // json-schema-to-typescript reads `tsType`; ajv only needs to know the keyword exists.
    ajv.addKeyword('tsType');
    ajv.addSchema(readSchema('settings.schema.json'), 'settings');
    ajv.addSchema(readSchema('scenario.schema.json'), 'scenario');
  }
  return ajv;
}

/** Returns the compiled validator of a project schema: `scenario` or `settings`. */
export function schemaValidator(name: 'scenario' | 'settings'): ValidateFunction {
  const validate = getAjv().getSchema(name);
  if (!validate) throw new Error(`schema ${name} is not registered`);
  return validate;
}

/** Returns the value at a JSON pointer, or undefined when the path does not exist. */
function valueAt(data: unknown, pointer: string): unknown {
  if (pointer === '') return data;
  let value: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

function parentPointer(pointer: string): string {
  return pointer.slice(0, pointer.lastIndexOf('/'));
}

/** The `$match` values each branch of the matcher's oneOf accepts, read from the scenario schema. */
let matcherBranches: string[][] | undefined;

function matcherBranchOf(name: unknown): number | undefined {
  if (!matcherBranches) {
    const schema = readSchema('scenario.schema.json') as {
      $defs: {
        matcher: { oneOf: { properties: { $match: { const?: string; enum?: string[] } } }[] };
      };
    };
    matcherBranches = schema.$defs.matcher.oneOf.map(
      ({ properties }) => properties.$match.enum ?? [properties.$match.const ?? ''],
    );
  }
  const index = matcherBranches.findIndex((names) => names.includes(name as string));
  return index === -1 ? undefined : index;
}

function isMatcherObject(value: unknown): value is { $match: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && '$match' in value;
}

/** Returns the branch of an expected value's anyOf that a value belongs to: matcher, object, array, scalar. */
function expectedValueBranch(value: unknown): number {
  if (isMatcherObject(value)) return 0;
  if (Array.isArray(value)) return 2;
  if (typeof value === 'object' && value !== null) return 1;
  return 3;
}

/**
 * Tells whether an error comes from the branch of an expected value or matcher that the data
 * itself chose. The scenario schema's only anyOf is the expected value's, and its only oneOf the
 * matcher's, so an error from another branch only reports that the data is not of that other kind.
 */
function isFromChosenBranch(error: ErrorObject, data: unknown): boolean {
  const anyOf = /^#\/anyOf\/(\d+)/.exec(error.schemaPath);
  if (anyOf) return Number(anyOf[1]) === expectedValueBranch(valueAt(data, error.instancePath));

  const oneOf = /^#\/oneOf\/(\d+)(\/properties\/([^/]+))?/.exec(error.schemaPath);
  if (!oneOf) return true;
  const matcherPointer = oneOf[2] ? parentPointer(error.instancePath) : error.instancePath;
  const matcher = valueAt(data, matcherPointer);
  if (!isMatcherObject(matcher)) return false;
  const chosen = matcherBranchOf(matcher.$match);
  // For an unknown matcher name, keep each branch's error on $match, so the known names are listed.
  if (chosen === undefined) return oneOf[3] === '%24match';
  return Number(oneOf[1]) === chosen;
}

/**
 * Keeps the most useful errors of one validation. ajv reports every failed branch of an anyOf or
 * oneOf, so with the validated data at hand only the errors of the branch the data chose are kept.
 */
export function relevantErrors(errors: ErrorObject[], data?: unknown): ErrorObject[] {
  const branchKeywords = new Set(['anyOf', 'oneOf', 'if']);
  const unique = errors.filter((error) => !branchKeywords.has(error.keyword));
  const chosen =
    data === undefined ? unique : unique.filter((error) => isFromChosenBranch(error, data));
  let kept = errors;
  if (chosen.length > 0) kept = chosen;
  else if (unique.length > 0) kept = unique;
  const seen = new Set<string>();
  return kept.filter((error) => {
    const key = `${error.instancePath} ${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Describes one ajv error as a sentence that names the expected value. */
export function describeError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `missing required property "${String(params.missingProperty)}"`;
    case 'additionalProperties':
      return `unknown property "${String(params.additionalProperty)}"`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    default:
      return error.message ?? error.keyword;
  }
}
