import { applyEdits, modify } from 'jsonc-parser';
import type { JSONPath } from 'jsonc-parser';

/**
 * Formats a scenario file's text with the project's Prettier configuration. Prettier keeps an
 * object on one line when it fits and the text had it on one line, so values written compactly by
 * `setJsonValues` come out in the catalogue's style: short objects inline, long ones broken.
 */
export async function formatScenarioJson(text: string, file: string): Promise<string> {
  // Loaded on demand, because Prettier is slow to load and most commands never format.
  const prettier = await import('prettier');
  const config = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(text, { ...config, filepath: file, parser: 'json' });
}

/**
 * Sets values at JSON paths in a file's text, adding missing properties and removing those set to
 * undefined, and leaves every other byte of the text as it was. Values are written compactly, so
 * format the result with `formatScenarioJson`.
 */
export function setJsonValues(text: string, changes: [JSONPath, unknown][]): string {
  let result = text;
  for (const [path, value] of changes) {
    result = applyEdits(result, modify(result, path, value, {}));
  }
  return result;
}

/** Renders a value as a new scenario file: compact JSON, then the project's formatting. */
export async function renderScenarioJson(value: unknown, file: string): Promise<string> {
  return formatScenarioJson(JSON.stringify(value), file);
}
