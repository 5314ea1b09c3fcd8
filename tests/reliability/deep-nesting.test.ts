import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MAX_JSON_DEPTH } from '../../mock-keen/core/decode.js';
import {
  WRITE_KEY,
  eventsUrl,
  startTestMock,
  type TestMock,
} from '../../mock-keen/test-support.js';

let mock: TestMock;

beforeAll(async () => {
  mock = await startTestMock();
});

afterAll(async () => {
  await mock.close();
});

function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

async function post(
  url: string,
  body: string,
): Promise<{ status: number; body: { error_code?: string } }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: WRITE_KEY },
    body,
  });
  return { status: response.status, body: await response.json() };
}

describe('deeply nested bodies', () => {
  it('accepts an event at the depth limit', async () => {
    const reply = await post(eventsUrl(mock, 'deep'), nested(MAX_JSON_DEPTH));

    expect(reply.status).toBe(201);
  });

  it.each([MAX_JSON_DEPTH + 1, 20_000, 140_000])(
    'rejects an event %i levels deep',
    async (depth) => {
      const reply = await post(eventsUrl(mock, 'deep'), nested(depth));

      expect(reply.status).toBe(400);
      expect(reply.body.error_code).toBe('InvalidEventError');
    },
  );

  it('rejects a batch over the limit', async () => {
    const reply = await post(eventsUrl(mock), `{"deep":[${nested(MAX_JSON_DEPTH)}]}`);

    expect(reply.status).toBe(400);
    expect(reply.body.error_code).toBe('InvalidBatchError');
  });

  it('keeps the records readable', async () => {
    const response = await fetch(`${mock.url}/mock/runs/default/records`);
    const { records } = (await response.json()) as {
      records: Array<{ outcome: string; body: unknown }>;
    };

    expect(response.status).toBe(200);
    expect(records.map((record) => record.outcome)).toEqual([
      'accepted',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
    ]);
    expect(records.slice(1).map((record) => record.body)).toEqual([null, null, null, null]);
  });
});
