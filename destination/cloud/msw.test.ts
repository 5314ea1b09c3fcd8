import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { CATALOGUE_DEFAULTS } from '../../harness/settings.js';
import { createKeenMock } from '../../mock-keen/testing/index.js';
import { handleMessage } from './handle-message.js';
import type { HandleOptions, MessageResult, SourceConfig } from './handle-message.js';
import type { SegmentMessage } from './message.js';

const PROJECT_ID = '9181bcd23843312d87000000';
const KEEN_WRITE_KEY = 'K'.repeat(32);

/** The source as production configures it: Keen's own API base, intercepted by MSW. */
const SOURCE: SourceConfig = {
  settings: { ...CATALOGUE_DEFAULTS, projectId: PROJECT_ID, writeKey: KEEN_WRITE_KEY },
  keenBaseUrl: 'https://api.keen.io/3.0',
};

const TRACK: SegmentMessage = {
  type: 'track',
  messageId: 'msg-1',
  userId: 'user-1',
  event: 'Order Completed',
  properties: { revenue: 20.5 },
  timestamp: '2024-05-01T10:00:00.000Z',
};

const keen = createKeenMock({
  projects: [{ projectId: PROJECT_ID, keys: [{ key: KEEN_WRITE_KEY, kind: 'write' }] }],
});
const server = setupServer(...keen.handlers);
const logLines: string[] = [];

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  keen.reset();
  logLines.length = 0;
});
afterAll(() => server.close());

function handle(
  message: SegmentMessage = TRACK,
  source: SourceConfig = SOURCE,
): Promise<MessageResult> {
  const options: HandleOptions = {
    retry: { maxRetries: 2, baseDelayMs: 0 },
    log: (line) => logLines.push(line),
    mutations: {},
    receivedAt: new Date('2024-05-01T10:00:01.000Z'),
  };
  return handleMessage(message, source, options);
}

describe('cloud destination against the MSW mock', () => {
  it('delivers a track', async () => {
    const result = await handle();

    expect(result).toMatchObject({ outcome: 'delivered', attempts: 1 });
    const [record] = keen.records();
    expect(record.transport).toBe('batch');
    expect(record.keyLocation).toBe('query');
    expect(record.collection).toBe('Order Completed');
    expect(record.outcome).toBe('accepted');
    expect((record.body as { revenue?: unknown }).revenue).toBe(20.5);
  });

  it('retries a 503 once', async () => {
    keen.injectFault({ status: 503, error_code: 'ServiceUnavailableError', times: 1 });

    const result = await handle();

    expect(result).toMatchObject({ outcome: 'delivered', attempts: 2 });
    expect(keen.records().map((record) => [record.outcome, record.status])).toEqual([
      ['rejected', 503],
      ['accepted', 200],
    ]);
  });

  it('retries a failed item', async () => {
    keen.injectFault({ status: 200, error_code: 'InternalServerError', times: 1 });

    const result = await handle();

    expect(result).toMatchObject({ outcome: 'delivered', attempts: 2 });
  });

  it('gives up after its retries', async () => {
    keen.injectFault({ status: 500, error_code: 'InternalServerError' });

    const result = await handle();

    expect(result).toMatchObject({ outcome: 'failed', status: 500, attempts: 3 });
    expect(keen.records({ outcome: 'rejected' })).toHaveLength(3);
  });

  it('retries a malformed reply', async () => {
    keen.injectFault({ status: 502, malformedBody: true, times: 2 });

    const result = await handle();

    expect(result).toMatchObject({ outcome: 'delivered', attempts: 3 });
  });

  it('retries a dropped connection', async () => {
    keen.injectFault({ match: { transport: 'batch' }, dropConnection: true, times: 1 });

    const result = await handle();

    expect(result).toMatchObject({ outcome: 'delivered', attempts: 2 });
    expect(logLines.some((line) => line.includes('retry 1 of 2'))).toBe(true);
  });

  it('does not retry a bad key', async () => {
    const source = { ...SOURCE, settings: { ...SOURCE.settings, writeKey: 'not-the-key' } };

    const result = await handle(TRACK, source);

    expect(result).toMatchObject({ outcome: 'failed', status: 401, attempts: 1 });
    expect(keen.records()[0].errorCode).toBe('InvalidApiKeyError');
  });
});
