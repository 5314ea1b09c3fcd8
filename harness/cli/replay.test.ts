import { describe, expect, it } from 'vitest';

import type { RawRequest } from '../../mock-keen/core/types.js';
import { needsKey, rebuildRequest } from './replay.js';

const RECORDED: RawRequest = {
  requestId: 'request-1',
  runId: 'run-a',
  method: 'GET',
  path: '/3.0/projects/p/events/clicks',
  query: 'api_key=REDACTED&data=eyJ4IjoxfQ%3D%3D&jsonp=cb',
  headers: { host: '127.0.0.1:1', 'user-agent': 'Chrome', 'content-length': '0' },
  body: '',
  bodyEncoding: 'utf8',
  status: 200,
  receivedAt: '2026-01-01T00:00:00.000Z',
};

describe('replay', () => {
  it('puts the key back into the query', () => {
    const request = rebuildRequest(RECORDED, 'http://127.0.0.1:9/runs/x/', 'my key');

    expect(request.url).toBe(
      'http://127.0.0.1:9/runs/x/3.0/projects/p/events/clicks?api_key=my%20key&data=eyJ4IjoxfQ%3D%3D&jsonp=cb',
    );
    expect(request.body).toBeUndefined();
  });

  it('puts the key back into Authorization', () => {
    const post = {
      ...RECORDED,
      method: 'POST',
      query: '',
      headers: { authorization: 'REDACTED' },
      body: '{"a":1}',
    };
    const request = rebuildRequest(post, 'http://127.0.0.1:9', 'k1');

    expect(request.headers.authorization).toBe('k1');
    expect(request.body?.toString()).toBe('{"a":1}');
  });

  it('drops connection headers', () => {
    expect(Object.keys(rebuildRequest(RECORDED, 'http://127.0.0.1:9', 'k').headers)).toEqual([
      'user-agent',
    ]);
  });

  it('decodes a base64 body', () => {
    const binary = { ...RECORDED, method: 'POST', body: '//4A', bodyEncoding: 'base64' as const };

    expect([...(rebuildRequest(binary, 'http://127.0.0.1:9', 'k').body ?? [])]).toEqual([
      0xff, 0xfe, 0x00,
    ]);
  });

  it('detects a redacted key', () => {
    expect(needsKey(RECORDED)).toBe(true);
    expect(needsKey({ ...RECORDED, query: 'data=x' })).toBe(false);
  });
});
