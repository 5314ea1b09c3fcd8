import KeenTracking from 'keen-tracking';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { PROJECT_ID, READ_KEY, WRITE_KEY, startTestMock, type TestMock } from './test-support.js';

let mock: TestMock;

beforeAll(async () => {
  mock = await startTestMock();
});

afterAll(async () => {
  await mock.close();
});

/** Create a keen-tracking 5.0.1 Node client pointed at the mock, with retries off. */
function nodeClient(writeKey: string = WRITE_KEY): KeenTracking {
  return new KeenTracking({
    projectId: PROJECT_ID,
    writeKey,
    host: '127.0.0.1',
    protocol: 'http',
    nodeRequestConfig: { port: mock.port },
    retry: { limit: 0 },
  });
}

describe('keen-tracking in Node', () => {
  it('records one event', async () => {
    const result = await nodeClient().recordEvent('node purchases', {
      price: 12.5,
      item: { sku: 'A-1' },
    });

    expect(result).toEqual({ created: true });
    const [record] = mock.core.journal.list('default', { collection: 'node purchases' });
    expect(record.transport).toBe('post');
    expect(record.keyLocation).toBe('header');
    expect(record.body).toEqual({ price: 12.5, item: { sku: 'A-1' } });
    expect(record.stored?.price).toBe(12.5);
  });

  it('records a batch', async () => {
    const result = await nodeClient().recordEvents({
      signups: [{ plan: 'free' }, { plan: 'pro' }],
      logins: [{ user: 'u1' }],
    });

    expect(result).toEqual({
      signups: [{ success: true }, { success: true }],
      logins: [{ success: true }],
    });
    const records = mock.core.journal
      .list('default')
      .filter((record) => record.transport === 'batch');
    expect(records.map((record) => record.collection)).toEqual(['signups', 'signups', 'logins']);
  });

  it('resolves per-event batch failures', async () => {
    const result = (await nodeClient().recordEvents({ mixed: [{ ok: 1 }, { 'bad.name': 1 }] })) as {
      mixed: Array<{ success: boolean; error?: { name: string } }>;
    };

    expect(result.mixed[0].success).toBe(true);
    expect(result.mixed[1].error?.name).toBe('InvalidPropertyNameError');
  });

  it('rejects with the error_code', async () => {
    const recording = nodeClient(READ_KEY).recordEvent('denied', {});

    await expect(recording).rejects.toMatchObject({ code: 'RequestForbiddenError' });
  });
});
