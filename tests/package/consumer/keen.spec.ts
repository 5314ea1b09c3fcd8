import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';

import { createMockCore, judgeWrites, matchValue } from 'keen-contract-harness';
import type { ExpectedValue, ExpectedWrite, JournalRecord } from 'keen-contract-harness';
import { createKeenHandlers } from 'keen-contract-harness/msw';
import { createKeenMock } from 'keen-contract-harness/testing';

const PROJECT_ID = 'consumer-project';
const WRITE_KEY = 'consumer-write-key';

const keen = createKeenMock({
  projects: [{ projectId: PROJECT_ID, keys: [{ key: WRITE_KEY, kind: 'write' }] }],
});
const server = setupServer(...keen.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => keen.reset());
afterAll(() => server.close());

function recordPurchase(price: number): Promise<Response> {
  return fetch(`https://api.keen.io/3.0/projects/${PROJECT_ID}/events/purchases`, {
    method: 'POST',
    headers: { Authorization: WRITE_KEY, 'Content-Type': 'application/json' },
    body: JSON.stringify({ price }),
  });
}

it('records a purchase', async () => {
  const response = await recordPurchase(12);

  expect(response.status).toBe(201);
  const [record]: JournalRecord[] = keen.records();
  const expected: ExpectedValue = {
    price: 12,
    keen: {
      created_at: { $match: 'iso-date-time' },
      timestamp: { $match: 'iso-date-time' },
      id: { $match: 'keen-id' },
    },
  };
  expect(matchValue(expected, record.stored)).toEqual([]);
});

it('injects a fault', async () => {
  keen.injectFault({
    match: { collection: 'purchases' },
    status: 503,
    error_code: 'ServiceUnavailableError',
    times: 1,
  });

  expect((await recordPurchase(1)).status).toBe(503);
  expect((await recordPurchase(2)).status).toBe(201);
});

it('serves a core of its own', async () => {
  const core = createMockCore({ registry: 'permissive' });
  server.use(...createKeenHandlers(core, { baseUrls: ['https://keen.internal.test/3.0'] }));

  const response = await fetch('https://keen.internal.test/3.0/projects/p/events/visits', {
    method: 'POST',
    headers: { Authorization: 'any-key' },
    body: '{}',
  });

  expect(response.status).toBe(201);
  expect(core.journal.list('default')).toHaveLength(1);
});

it('judges recorded writes', async () => {
  await recordPurchase(5);

  const expected: ExpectedWrite[] = [
    { collection: 'purchases', body: { price: 5 }, transport: 'post' },
  ];
  const verdict = judgeWrites(expected, keen.records());
  expect(verdict.passed, verdict.report).toBe(true);
});
