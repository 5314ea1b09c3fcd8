import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import type { MemoryUsage, MockProcessReply, MockProcessRequest } from './mock-process-messages.js';

const require = createRequire(import.meta.url);
const ENTRY = fileURLToPath(new URL('./mock-process.ts', import.meta.url));

/** Maximum wait for the mock process to start, reply or stop. */
const REPLY_TIMEOUT_MS = 30_000;

/** A Keen mock running in its own Node process. */
export interface MockProcess {
  url: string;
  pid: number;
  /** Memory after two forced garbage collections in the mock process. */
  memory(): Promise<MemoryUsage>;
  stop(): Promise<void>;
}

function nextReply<T extends MockProcessReply['type']>(
  child: ChildProcess,
  type: T,
): Promise<Extract<MockProcessReply, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        finish(new Error(`the mock process sent no ${type} reply within ${REPLY_TIMEOUT_MS} ms`)),
      REPLY_TIMEOUT_MS,
    );
    const onMessage = (message: MockProcessReply): void => {
      if (message.type === type) finish(null, message as Extract<MockProcessReply, { type: T }>);
    };
    const onExit = (code: number | null): void =>
      finish(new Error(`the mock process exited with code ${code} before its ${type} reply`));
    function finish(error: Error | null, message?: Extract<MockProcessReply, { type: T }>): void {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(message!);
    }
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Fork a Keen mock on 127.0.0.1 port 0 in a child process with `--expose-gc`. */
export async function startMockProcess(): Promise<MockProcess> {
  const child = fork(ENTRY, [], {
    execArgv: ['--import', require.resolve('tsx'), '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { url } = await nextReply(child, 'started');

  function request(message: MockProcessRequest): void {
    child.send(message);
  }

  return {
    url,
    pid: child.pid!,
    async memory() {
      const reply = nextReply(child, 'memory');
      request({ type: 'memory' });
      return (await reply).usage;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      request({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), REPLY_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
