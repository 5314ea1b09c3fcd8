#!/usr/bin/env node
// Starts the TypeScript CLI through tsx, so the harness runs from source without a build step.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const tsxLoader = require.resolve('tsx');
const cli = fileURLToPath(new URL('../harness/cli/main.ts', import.meta.url));
const child = spawn(process.execPath, ['--import', tsxLoader, cli, ...process.argv.slice(2)], {
  stdio: 'inherit',
});

// Pass on the signals that stop a command, so that signalling this wrapper alone (kill PID, a
// supervisor, a test) stops the CLI and what it started instead of leaving them running.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('error', (error) => {
  console.error(`keen-harness: failed to start: ${error.message}`);
  process.exit(2);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 2)));
