import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Maximum wait for a child process to start or reply. */
const REPLY_TIMEOUT_MS = 120_000;

/**
 * Fork a TypeScript entry under tsx with an IPC channel. `execArgv` adds Node options such as
 * `--cpu-prof`; `outputFd` receives the child's standard output and error instead of ours.
 */
export function forkTypeScript(
  entry: string,
  args: string[],
  execArgv: string[] = [],
  outputFd?: number,
): ChildProcess {
  const output = outputFd ?? 'inherit';
  return fork(entry, args, {
    execArgv: ['--import', require.resolve('tsx'), ...execArgv],
    stdio: ['ignore', output, output, 'ipc'],
  });
}

/** Wait for the first IPC message of `type` from `child`; reject when it exits or stays silent. */
export function nextMessage<T extends { type?: string }>(
  child: ChildProcess,
  accepts: (message: T) => boolean,
  what: string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      finish(new Error(`${what}: no reply within ${REPLY_TIMEOUT_MS} ms`));
    }, REPLY_TIMEOUT_MS);
    const onMessage = (message: T): void => {
      if (accepts(message)) finish(null, message);
    };
    const onExit = (code: number | null): void => {
      finish(new Error(`${what}: the process exited with code ${code} before replying`));
    };
    function finish(error: Error | null, message?: T): void {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(message as T);
    }
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Wait until `child` exits, and kill it when it has not exited within `timeoutMs`. */
export async function waitForExit(
  child: ChildProcess,
  timeoutMs = REPLY_TIMEOUT_MS,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}
