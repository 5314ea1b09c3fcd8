#!/usr/bin/env node
// Starts the TypeScript CLI through tsx, so the harness runs from source without a build step.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const tsxLoader = require.resolve('tsx');
const cli = fileURLToPath(new URL('../harness/cli/main.ts', import.meta.url));
const result = spawnSync(process.execPath, ['--import', tsxLoader, cli, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
if (result.error) {
  console.error(`keen-harness: failed to start: ${result.error.message}`);
  process.exit(2);
}
process.exit(result.status ?? (result.signal ? 130 : 2));
