import type { AddonDeclaration } from './declaration.js';

/** Run the declared add-ons in list order on a stored event. */
export function runAddons(_stored: Record<string, unknown>, _addons: AddonDeclaration[]): void {
  // TODO: the five enrichment add-ons are not implemented yet; declarations are validated and removed.
}
