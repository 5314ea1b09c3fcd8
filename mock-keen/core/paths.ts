import { isJsonObject } from './decode.js';

/** Read the value at a dotted property path, or undefined when any step is missing. */
export function readPath(event: Record<string, unknown>, path: string): unknown {
  let value: unknown = event;
  for (const name of path.split('.')) {
    if (!isJsonObject(value) || !Object.hasOwn(value, name)) return undefined;
    value = value[name];
  }
  return value;
}

/** Delete the property at a dotted path, when it exists. */
export function deletePath(event: Record<string, unknown>, path: string): void {
  const names = path.split('.');
  const last = names.pop() as string;
  const parent = names.length === 0 ? event : readPath(event, names.join('.'));
  if (isJsonObject(parent)) delete parent[last];
}

/**
 * Merge `result` into the object at a dotted path, creating intermediate objects. Keys already
 * there survive unless `result` writes them; a non-object value at the path is replaced.
 */
export function mergeAtPath(
  event: Record<string, unknown>,
  path: string,
  result: Record<string, unknown>,
): void {
  let target: Record<string, unknown> = event;
  for (const name of path.split('.')) {
    const next = Object.hasOwn(target, name) ? target[name] : undefined;
    if (isJsonObject(next)) {
      target = next;
    } else {
      const created: Record<string, unknown> = {};
      Object.defineProperty(target, name, {
        value: created,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      target = created;
    }
  }
  Object.assign(target, result);
}
