import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'test-results/**', '.cache/**'],
    testTimeout: 30_000,
  },
});
