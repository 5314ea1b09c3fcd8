import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect } from '../../harness/fixtures.js';
import { runWebCloud } from '../../harness/device/web-cloud.js';
import { fillDefaults } from '../../harness/settings.js';

/** One request that analytics.js sent to Segment's API, as the collection API received it. */
interface CapturedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  message: Record<string, unknown>;
}

/** Starts a collection API on 127.0.0.1 that records every request and accepts it. */
async function startCapture(): Promise<{
  url: string;
  requests: CapturedRequest[];
  server: Server;
}> {
  const requests: CapturedRequest[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      requests.push({
        path: request.url ?? '',
        headers: request.headers,
        message: JSON.parse(body) as Record<string, unknown>,
      });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"success":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, server };
}

test.describe('web cloud mode', () => {
  test('messages reach the collection API', async ({ browser, mock }) => {
    const capture = await startCapture();
    const sourceKeys: string[] = [];
    try {
      const output = await runWebCloud({
        browser,
        destinationUrl: capture.url,
        configureSource: async (sourceWriteKey) => {
          sourceKeys.push(sourceWriteKey);
        },
        readResults: async () => [],
        mockUrl: mock.url,
        runId: 'web-cloud-e2e',
        settings: fillDefaults({
          projectId: '9181bcd23843312d87000000',
          writeKey: 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6',
        }),
        calls: [
          { type: 'identify', userId: 'user-9', traits: { plan: 'pro' } },
          { type: 'track', event: 'Purchased', properties: { revenue: 5 } },
        ],
        sentinel: null,
        timeoutMs: 15_000,
      });

      expect(output.blockedRequests).toEqual([]);
      expect(output.requests.filter((line) => line.includes('keen-io.dynamic.js'))).toEqual([]);
      expect(capture.requests.map((request) => request.path)).toEqual(['/v1/i', '/v1/t']);
      const basic = `Basic ${Buffer.from(`${sourceKeys[0]}:`).toString('base64')}`;
      for (const { path, headers, message } of capture.requests) {
        expect(headers.authorization, `${path} authorization`).toBe(basic);
        expect(message.channel, `${path} channel`).toBe('client');
        expect(message._metadata, `${path} _metadata`).toEqual({
          bundled: ['Segment.io'],
          unbundled: ['Keen IO'],
          bundledIds: [],
        });
      }
      expect(capture.requests[1].message).toMatchObject({
        type: 'track',
        event: 'Purchased',
        userId: 'user-9',
        properties: { revenue: 5 },
      });
    } finally {
      await new Promise((resolve) => capture.server.close(resolve));
    }
  });
});
