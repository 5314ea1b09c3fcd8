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

/**
 * Keeps the most useful errors of one validation: ajv reports every failed branch of an anyOf or
 * oneOf, so an error is dropped when a deeper error exists at the same or a deeper location.
 */
export function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  const branchKeywords = new Set(['anyOf', 'oneOf', 'if']);
  const unique = errors.filter((error) => !branchKeywords.has(error.keyword));
  const kept = unique.length > 0 ? unique : errors;
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
