import { KeenError } from '../errors.js';
import { isJsonObject } from '../decode.js';

export const ADDON_NAMES = [
  'keen:ip_to_geo',
  'keen:ua_parser',
  'keen:url_parser',
  'keen:referrer_parser',
  'keen:date_time_parser',
] as const;

export type AddonName = (typeof ADDON_NAMES)[number];

/** One entry of `keen.addons`: inputs map names to dotted paths in the event; output is a dotted path. */
export interface AddonDeclaration {
  name: AddonName;
  input: Record<string, unknown>;
  output: string;
}

function invalid(message: string): KeenError {
  return new KeenError('InvalidKeenNamespaceProperty', message);
}

/** Check one `keen.addons` entry; return the error that rejects the event, or null. */
function checkDeclaration(entry: unknown, index: number): KeenError | null {
  if (!isJsonObject(entry)) {
    return invalid(`keen.addons[${index}] must be an object with name, input and output.`);
  }
  const { name, input, output } = entry;
  if (typeof name !== 'string' || !(ADDON_NAMES as readonly string[]).includes(name)) {
    return invalid(
      `keen.addons[${index}].name ${JSON.stringify(name)} is not a known add-on: use one of ${ADDON_NAMES.join(', ')}.`,
    );
  }
  if (!isJsonObject(input)) {
    return invalid(
      `keen.addons[${index}].input must be an object mapping input names to property paths.`,
    );
  }
  if (typeof output !== 'string' || output === '') {
    return invalid(`keen.addons[${index}].output must be a non-empty property path.`);
  }
  if (output === 'keen' || output.startsWith('keen.')) {
    return invalid(
      `keen.addons[${index}].output ${JSON.stringify(output)} may not lie under keen.`,
    );
  }
  return null;
}

/** Check a `keen.addons` value; return the error that rejects the event, or null. */
export function checkAddonDeclarations(addons: unknown): KeenError | null {
  if (!Array.isArray(addons)) {
    return invalid('keen.addons must be a list of {name, input, output} objects.');
  }
  for (let index = 0; index < addons.length; index++) {
    const error = checkDeclaration(addons[index], index);
    if (error !== null) return error;
  }
  return null;
}
