import { isJsonObject } from './decode.js';
import { isIsoTimestamp } from './validate.js';

/** Keen's schema type names. */
export type SchemaType = 'string' | 'num' | 'bool' | 'datetime' | 'list';

function typeOf(value: unknown): SchemaType | null {
  if (typeof value === 'number') return 'num';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return isIsoTimestamp(value) ? 'datetime' : 'string';
  if (Array.isArray(value)) return 'list';
  return null;
}

/** Add the dotted property paths of `value` and their types to `properties`; the first type seen wins. */
function collect(
  value: Record<string, unknown>,
  prefix: string,
  properties: Record<string, SchemaType>,
): void {
  for (const [name, child] of Object.entries(value)) {
    const path = prefix === '' ? name : `${prefix}.${name}`;
    if (isJsonObject(child)) {
      collect(child, path, properties);
      continue;
    }
    const type = typeOf(child);
    if (type !== null && !(path in properties)) properties[path] = type;
  }
}

/** Build a collection's schema from its stored events; null values add no property. */
export function collectionSchema(events: Record<string, unknown>[]): Record<string, SchemaType> {
  const properties: Record<string, SchemaType> = Object.create(null);
  for (const event of events) collect(event, '', properties);
  properties['keen.created_at'] = 'datetime';
  properties['keen.timestamp'] = 'datetime';
  properties['keen.id'] = 'string';
  return { ...properties };
}
