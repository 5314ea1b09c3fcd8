import KeenTracking from 'keen-tracking';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { createKeenMock } from '../testing/index.js';

const PROJECT_ID = 'tracking-project';
const WRITE_KEY = 'tracking-write-key';
const READ_KEY = 'tracking-read-key';

const keen = createKeenMock({
  projects: [
    {
      projectId: PROJECT_ID,
      keys: [
        { key: WRITE_KEY, kind: 'write' },
        { key: READ_KEY, kind: 'read' },
      ],
    },
  ],
});
const server = setupServer(...keen.handlers);

// Any request the handlers do not serve fails, so nothing reaches the network.
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => keen.reset());
afterAll(() => server.close());

/** keen-tracking 5.0.1's Node client with its default host, https://api.keen.io, and retries off. */
function trackingClient(writeKey: string = WRITE_KEY): KeenTracking {
  return new KeenTracking({ projectId: PROJECT_ID, writeKey, retry: { limit: 0 } });
}

describe('keen-tracking in Node through MSW', () => {
  it('records one event', async () => {
    const result = await trackingClient().recordEvent('purchases', {
      price: 12.5,
      item: { sku: 'A-1' },
    });

    expect(result).toEqual({ created: true });
    const [record] = keen.records();
    expect(record.transport).toBe('post');
    expect(record.path).toBe(`/3.0/projects/${PROJECT_ID}/events/purchases`);
    expect(record.keyLocation).toBe('header');
    expect(record.body).toEqual({ price: 12.5, item: { sku: 'A-1' } });
  });

  it('records a batch', async () => {
    const result = await trackingClient().recordEvents({
      signups: [{ plan: 'free' }, { plan: 'pro' }],
      logins: [{ user: 'u1' }],
    });

    expect(result).toEqual({
      signups: [{ success: true }, { success: true }],
      logins: [{ success: true }],
    });
    expect(keen.records().map((record) => record.collection)).toEqual([
      'signups',
      'signups',
      'logins',
    ]);
  });

  it('rejects with the error_code', async () => {
    await expect(trackingClient(READ_KEY).recordEvent('denied', {})).rejects.toMatchObject({
      code: 'RequestForbiddenError',
    });
    expect(keen.records()[0].errorCode).toBe('RequestForbiddenError');
  });

  it('gives up on an injected 503', async () => {
    keen.injectFault({
      match: { collection: 'flaky' },
      status: 503,
      error_code: 'ServiceUnavailableError',
      times: 1,
    });
    const recording = trackingClient().recordEvent('flaky', { n: 1 });

    // Past its last retry on a retryable status, keen-tracking rejects with the raw reply body.
    await expect(recording).rejects.toMatch(/"error_code":"ServiceUnavailableError"/);
    expect(keen.records().map((record) => record.status)).toEqual([503]);
  });
});
