/** The built-in prototypes a polluting request could change. */
const PROTOTYPES = {
  Object: Object.prototype,
  Array: Array.prototype,
  Function: Function.prototype,
  String: String.prototype,
};

/**
 * Snapshot the own property names and value types of the built-in prototypes, and whether a fresh
 * object inherits anything named `polluted`. Two snapshots are equal when no prototype was changed.
 */
export function snapshotPrototypes(): Record<string, string[]> {
  const snapshot: Record<string, string[]> = {};
  for (const [name, prototype] of Object.entries(PROTOTYPES)) {
    snapshot[name] = Reflect.ownKeys(prototype).map(
      (key) => `${String(key)}:${typeof Object.getOwnPropertyDescriptor(prototype, key)?.value}`,
    );
  }
  snapshot.inherited = [
    'polluted' in {} ? 'polluted' : '',
    Object.getPrototypeOf({}) === Object.prototype ? '' : 'prototype replaced',
  ];
  return snapshot;
}
