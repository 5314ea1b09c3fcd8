import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';

import { describe, expect, it } from 'vitest';

import { runCli } from '../../reliability/cli-process.js';

describe('serve on a taken port', () => {
  it('exits 2 naming the port', async () => {
    const blocker = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const { port } = blocker.address() as AddressInfo;

    const result = await runCli(['serve', '--port', String(port)], 30_000);
    blocker.close();

    expect(result.stderr).toContain(`port ${port} is already in use`);
    expect(result.code, result.stderr).toBe(2);
  }, 40_000);
});
