import { describe, expect, it } from 'vitest';

import type { CoreRequest, JournalRecord } from '../core/types.js';
import { captureRawRequest, redactQuery } from './raw-request.js';

const KEY = 'distinctive-write-key-42';

const RECORD = {
  requestId: 'request-1',
  runId: 'run-a',
  path: '/3.0/projects/p/events/c',
  status: 200,
  receivedAt: '2026-01-01T00:00:00.000Z',
} as JournalRecord;

function request(overrides: Partial<CoreRequest>): CoreRequest {
  return {
    method: 'GET',
    path: '/runs/run-a/3.0/projects/p/events/c',
    query: '',
    headers: {},
    rawBody: Buffer.alloc(0),
    clientIp: '127.0.0.1',
    ...overrides,
  };
}

describe('redactQuery', () => {
  it('replaces api_key and keeps the rest', () => {
    expect(redactQuery(`data=eyJ9+/=&api_key=${KEY}&jsonp=cb`)).toBe(
      'data=eyJ9+/=&api_key=REDACTED&jsonp=cb',
    );
  });

  it('finds an encoded parameter name', () => {
    expect(redactQuery(`api%5Fkey=${KEY}`)).toBe('api%5Fkey=REDACTED');
  });
});

describe('captureRawRequest', () => {
  it('redacts the Authorization header', () => {
    const raw = captureRawRequest(
      request({ headers: { authorization: KEY, 'content-type': 'application/json' } }),
      RECORD,
    );

    expect(raw.headers).toEqual({ authorization: 'REDACTED', 'content-type': 'application/json' });
  });

  it('scrubs the key from other headers and the body', () => {
    const raw = captureRawRequest(
      request({
        query: `api_key=${KEY}`,
        headers: { referer: `https://example.com/?k=${KEY}` },
        rawBody: Buffer.from(`{"leak":"${KEY}"}`),
      }),
      RECORD,
    );

    expect(JSON.stringify(raw)).not.toContain(KEY);
    expect(raw.body).toBe('{"leak":"REDACTED"}');
  });

  it('keeps a binary body in base64', () => {
    const raw = captureRawRequest(
      request({ method: 'POST', rawBody: Buffer.from([0xff, 0xfe, 0x00]) }),
      RECORD,
    );

    expect(raw).toMatchObject({ body: '//4A', bodyEncoding: 'base64' });
  });

  it('links the request to its record', () => {
    const raw = captureRawRequest(request({}), RECORD);

    expect(raw).toMatchObject({
      requestId: 'request-1',
      runId: 'run-a',
      path: RECORD.path,
      status: 200,
    });
  });
});
