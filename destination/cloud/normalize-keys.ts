import { isJsonObject } from './message.js';

/**
 * Renames the first `.` of every key to `_`, recursively through objects and arrays (objects
 * inside arrays included). Further dots stay, so `a.b.c` becomes `a_b.c`. When two keys end up
 * with the same name, the later one in key order wins. Dates, null and other values are kept.
 */
export function normalizeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => normalizeKeys(item));
  if (!isJsonObject(value)) return value;

  // Object.fromEntries defines each key as an own property, so a `__proto__` key stays data.
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key.replace('.', '_'), normalizeKeys(item)]),
  );
}
