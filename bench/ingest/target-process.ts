/**
 * Child-process entry that runs one ingest target, so that the load generator, the bench and the
 * target each have their own process. Usage: `target-process.ts mock|node-http [--max-records N]`.
 * It reports its URL over the IPC channel, then handles memory, count, reset and stop requests.
 */
import { parseArgs } from 'node:util';

import { startMockKeen } from '../../mock-keen/index.js';
import { BENCH_PROJECT } from './keen-requests.js';
import { startNodeHttpBaseline } from './node-http-baseline.js';
import type { TargetReply, TargetRequest } from './target-messages.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { 'max-records': { type: 'string' } },
});

/** A started target: where it listens, how many events it journaled, how it empties and stops. */
interface Target {
  url: string;
  count(): number;
  reset(): void;
  close(): Promise<void>;
}

async function startMockTarget(maxRecords: number | undefined): Promise<Target> {
  const mock = await startMockKeen({
    registry: 'strict',
    log: () => undefined,
    journal: maxRecords === undefined ? {} : { maxRecords },
  });
  const { core } = mock;
  core.registry.registerRun('default', [BENCH_PROJECT]);
  // Records dropped by the journal's bound still count as journaled.
  const journaled = (): number =>
    core.journal.stats().records + core.journal.stats().dropped.records;
  let droppedBeforeReset = 0;

  return {
    url: mock.url,
    count: () => journaled() - droppedBeforeReset,
    reset: () => {
      core.resetRun('default');
      core.registry.registerRun('default', [BENCH_PROJECT]);
      droppedBeforeReset = core.journal.stats().dropped.records;
    },
    close: () => mock.close(),
  };
}

async function startTarget(kind: string | undefined): Promise<Target> {
  if (kind === 'mock') {
    const maxRecords = values['max-records'];
    return startMockTarget(maxRecords === undefined ? undefined : Number(maxRecords));
  }
  if (kind === 'node-http') return startNodeHttpBaseline();
  throw new Error(`unknown target "${kind}": use mock or node-http`);
}

function send(reply: TargetReply): void {
  process.send?.(reply);
}

const gc = (globalThis as { gc?: () => void }).gc;
const target = await startTarget(positionals[0]);
send({ type: 'started', url: target.url });

process.on('message', async (message: TargetRequest) => {
  if (message.type === 'memory') {
    // Two collections, so that objects kept alive only by finalizers of the first are freed too.
    gc?.();
    gc?.();
    const { rss, heapUsed, external } = process.memoryUsage();
    send({ type: 'memory', usage: { rss, heapUsed, external } });
  } else if (message.type === 'count') {
    send({ type: 'count', events: target.count() });
  } else if (message.type === 'reset') {
    target.reset();
    send({ type: 'reset' });
  } else {
    await target.close();
    process.disconnect();
  }
});
