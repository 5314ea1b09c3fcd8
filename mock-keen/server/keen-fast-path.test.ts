import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  PROJECT_ID,
  WRITE_KEY,
  eventsUrl,
  postJson,
  startTestMock,
  type TestMock,
} from '../test-support.js';

/** Send a request head only and return the raw reply, for a body the client never sends. */
function sendHead(port: number, head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(head));
    let reply = '';
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('utf8');
      if (reply.endsWith('}')) socket.destroy();
    });
    socket.on('close', () => resolve(reply));
    socket.on('error', reject);
  });
}

describe('Keen request listener', () => {
  let mock: TestMock;

  beforeAll(async () => {
    mock = await startTestMock();
  });

  afterAll(async () => {
    await mock.close();
  });

  it('records a single POST', async () => {
    const response = await postJson(eventsUrl(mock, 'purchases'), { item: 'gadget' });

    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('content-length')).toBe('16');
    expect(await response.json()).toEqual({ created: true });
    expect(
      mock.core.journal.list('default', { collection: 'purchases' }).map((record) => record.body),
    ).toEqual([{ item: 'gadget' }]);
  });

  it('inflates a gzip body', async () => {
    const response = await fetch(eventsUrl(mock, 'gzipped'), {
      method: 'POST',
      headers: {
        Authorization: WRITE_KEY,
        'Content-Type': 'application/json',
        'Content-Encoding': 'gzip',
      },
      body: gzipSync(JSON.stringify({ item: 'zipped' })),
    });

    expect(response.status).toBe(201);
    expect(
      mock.core.journal.list('default', { collection: 'gzipped' }).map((record) => record.body),
    ).toEqual([{ item: 'zipped' }]);
  });

  it('serves /MOCK paths through the inspection API', async () => {
    const response = await fetch(`${mock.url}/MOCK/health`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('rejects a body over 32 MiB', async () => {
    const path = `/3.0/projects/${PROJECT_ID}/events/huge`;
    const reply = await sendHead(
      mock.port,
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${WRITE_KEY}\r\nContent-Length: ${32 * 1024 * 1024 + 1}\r\n\r\n`,
    );

    expect(reply.startsWith('HTTP/1.1 413 ')).toBe(true);
    expect(reply).toContain('Content-Length: ');
    expect(reply).toContain('"error_code":"RequestEntityTooLargeError"');
  });
});
