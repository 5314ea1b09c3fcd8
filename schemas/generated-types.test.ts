import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderTypes } from './generate-types.js';

describe('generated types', () => {
  it('match the schemas (run npm run generate:types when this fails)', async () => {
    const checkedIn = await readFile(new URL('./generated/types.ts', import.meta.url), 'utf8');
    expect(checkedIn).toBe(await renderTypes());
  });
});
