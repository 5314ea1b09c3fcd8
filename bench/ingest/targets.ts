import { fileURLToPath } from 'node:url';

import { forkTypeScript, nextMessage, waitForExit } from '../child-process.js';
import type { TargetMemory, TargetReply, TargetRequest } from './target-messages.js';

const TARGET_ENTRY = fileURLToPath(new URL('./target-process.ts', import.meta.url));

/** An ingest server under load, in its own process. */
export interface IngestTarget {
  name: string;
  url: string;
  pid: number;
  /** Events journaled since the start or the last reset. */
  journaled(): Promise<number>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** A Node target, which also reports its memory after a forced collection. */
export interface NodeIngestTarget extends IngestTarget {
  memory(): Promise<TargetMemory>;
}

export interface NodeTargetOptions {
  /** The mock's journal bound (`journal.maxRecords`); unbounded when absent. */
  maxRecords?: number;
  /** Write a V8 CPU profile of the target into this folder when it stops. */
  cpuProfileDir?: string;
}

/** Start the Keen mock (`mock`) or the bare node:http baseline (`node-http`) in a child process. */
export async function startNodeTarget(
  kind: 'mock' | 'node-http',
  options: NodeTargetOptions = {},
): Promise<NodeIngestTarget> {
  const args: string[] = [kind];
  if (options.maxRecords !== undefined) args.push('--max-records', String(options.maxRecords));
  const execArgv = ['--expose-gc'];
  if (options.cpuProfileDir) execArgv.push('--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir);
  const child = forkTypeScript(TARGET_ENTRY, args, execArgv);

  const ask = async <T extends TargetReply['type']>(
    request: TargetRequest,
    type: T,
  ): Promise<Extract<TargetReply, { type: T }>> => {
    const reply = nextMessage<TargetReply>(
      child,
      (message) => message.type === type,
      `${kind} ${request.type}`,
    );
    child.send(request);
    return (await reply) as Extract<TargetReply, { type: T }>;
  };

  const started = await nextMessage<TargetReply>(
    child,
    (message) => message.type === 'started',
    `${kind} start`,
  );
  return {
    name: kind,
    url: (started as Extract<TargetReply, { type: 'started' }>).url,
    pid: child.pid ?? 0,
    journaled: async () => (await ask({ type: 'count' }, 'count')).events,
    memory: async () => (await ask({ type: 'memory' }, 'memory')).usage,
    reset: async () => {
      await ask({ type: 'reset' }, 'reset');
    },
    stop: async () => {
      if (child.connected) child.send({ type: 'stop' } satisfies TargetRequest);
      await waitForExit(child);
    },
  };
}
