import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** The repository root, where `bin/keen-harness.js` is. */
export const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running `keen-harness` process with its output so far. */
export interface CliProcess {
  child: ChildProcessWithoutNullStreams;
  output(): { stdout: string; stderr: string };
  /** Wait until stdout or stderr matches `pattern`, or fail after `timeoutMs`. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** Wait for the process to exit, killing it with SIGKILL after `timeoutMs`. */
  exited(timeoutMs: number): Promise<CliResult>;
}

/**
 * Start `keen-harness ARGS` from the repository root. With `detached` the CLI leads its own process
 * group, as a shell job does, so a signal can reach the whole group.
 */
export function startCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; detached?: boolean } = {},
): CliProcess {
  const child = spawn(process.execPath, ['bin/keen-harness.js', ...args], {
    cwd: ROOT,
    env: { ...process.env, CI: '', ...options.env },
    detached: options.detached ?? false,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));

  return {
    child,
    output: () => ({ stdout, stderr }),
    waitForOutput(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const match = pattern.exec(stdout) ?? pattern.exec(stderr);
          if (match) finish(null, match);
        };
        const timer = setTimeout(
          () =>
            finish(
              new Error(
                `no output matching ${pattern} within ${timeoutMs} ms; stdout: ${stdout.slice(-2000)}; stderr: ${stderr.slice(-2000)}`,
              ),
            ),
          timeoutMs,
        );
        const onExit = (): void =>
          finish(
            new Error(
              `keen-harness ${args.join(' ')} exited before printing ${pattern}; stdout: ${stdout.slice(-2000)}; stderr: ${stderr.slice(-2000)}`,
            ),
          );
        function finish(error: Error | null, match?: RegExpMatchArray): void {
          clearTimeout(timer);
          child.stdout.off('data', check);
          child.stderr.off('data', check);
          child.off('exit', onExit);
          if (error) reject(error);
          else resolve(match!);
        }
        child.stdout.on('data', check);
        child.stderr.on('data', check);
        child.once('exit', onExit);
        check();
      });
    },
    async exited(timeoutMs) {
      if (child.exitCode === null && child.signalCode === null) {
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        await once(child, 'exit');
        clearTimeout(timer);
      }
      return { code: child.exitCode, signal: child.signalCode, stdout, stderr };
    },
  };
}

/** Run `keen-harness ARGS` to the end, killing it after `timeoutMs`. */
export function runCli(
  args: string[],
  timeoutMs: number,
  env: NodeJS.ProcessEnv = {},
): Promise<CliResult> {
  return startCli(args, { env }).exited(timeoutMs);
}
