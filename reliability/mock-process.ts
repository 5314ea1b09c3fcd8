/**
 * Child-process entry that runs one Keen mock, so that a load or fuzz driver measures the mock's
 * memory apart from its own. Started by `startMockProcess` with `--expose-gc` and an IPC channel.
 */
import { startMockKeen } from '../mock-keen/index.js';
import type { MockProcessReply, MockProcessRequest } from './mock-process-messages.js';

const gc = (globalThis as { gc?: () => void }).gc;

function send(reply: MockProcessReply): void {
  process.send?.(reply);
}

const mock = await startMockKeen({ registry: 'strict', log: () => {} });
send({ type: 'started', url: mock.url });

process.on('message', async (message: MockProcessRequest) => {
  if (message.type === 'memory') {
    // Two collections let weak references and finalizers from the first one be freed too.
    gc?.();
    gc?.();
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    send({ type: 'memory', usage: { rss, heapUsed, heapTotal, external, arrayBuffers } });
    return;
  }
  await mock.close();
  process.disconnect();
});
