import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startMockKeen, type MockKeen } from './index.js';
import {
  MASTER_KEY,
  PROJECT_ID,
  READ_KEY,
  WRITE_KEY,
  encodeData,
  eventsUrl,
  postJson,
  startTestMock,
  type TestMock,
} from './test-support.js';

let mock: TestMock;

beforeAll(async () => {
  mock = await startTestMock();
  mock.core.registry.registerRun('default', [
    {
      projectId: PROJECT_ID,
      keys: [
        { key: WRITE_KEY, kind: 'write' },
        { key: READ_KEY, kind: 'read' },
        { key: MASTER_KEY, kind: 'master' },
      ],
    },
    { projectId: 'project-2', keys: [{ key: 'other-write-key', kind: 'write' }] },
  ]);
});

afterAll(async () => {
  await mock.close();
});

async function errorOf(
  response: Response,
): Promise<{ status: number; errorCode: string; message: string }> {
  const body = await response.json();
  return { status: response.status, errorCode: body.error_code, message: body.message };
}

function lastRecord() {
  return mock.core.journal.list('default').at(-1)!;
}

describe('key location', () => {
  it('accepts the api_key parameter', async () => {
    const response = await fetch(`${eventsUrl(mock, 'a')}?api_key=${WRITE_KEY}`, {
      method: 'POST',
      body: '{}',
    });

    expect(response.status).toBe(201);
    expect(lastRecord().keyLocation).toBe('query');
  });

  it('prefers the header over api_key', async () => {
    const response = await fetch(`${eventsUrl(mock, 'a')}?api_key=wrong`, {
      method: 'POST',
      headers: { Authorization: WRITE_KEY },
      body: '{}',
    });

    expect(response.status).toBe(201);
    expect(lastRecord().keyLocation).toBe('header');
  });

  it('trims whitespace around the key', async () => {
    const response = await postJson(eventsUrl(mock, 'a'), {}, `  ${WRITE_KEY} `);

    expect(response.status).toBe(201);
  });

  it('accepts a master key for writes', async () => {
    const response = await postJson(eventsUrl(mock, 'a'), {}, MASTER_KEY);

    expect(response.status).toBe(201);
    expect(lastRecord().keyKind).toBe('master');
  });
});

describe('auth errors', () => {
  it('rejects an unknown project with 404', async () => {
    const response = await postJson(`${mock.url}/3.0/projects/nope/events/a`, {}, 'no-key-at-all');

    expect(await errorOf(response)).toMatchObject({
      status: 404,
      errorCode: 'ResourceNotFoundError',
    });
  });

  it('rejects a missing key with 401', async () => {
    const response = await fetch(eventsUrl(mock, 'a'), { method: 'POST', body: '{}' });

    expect(await errorOf(response)).toMatchObject({ status: 401, errorCode: 'InvalidApiKeyError' });
    expect(lastRecord().keyLocation).toBeNull();
  });

  it('rejects an unknown key with 401', async () => {
    const response = await postJson(eventsUrl(mock, 'a'), {}, 'unknown');

    expect(await errorOf(response)).toMatchObject({ status: 401, errorCode: 'InvalidApiKeyError' });
  });

  it('rejects a key of another project', async () => {
    const response = await postJson(eventsUrl(mock, 'a'), {}, 'other-write-key');

    expect(await errorOf(response)).toMatchObject({ status: 401, errorCode: 'InvalidApiKeyError' });
  });

  it('rejects a read key for writes', async () => {
    const response = await postJson(eventsUrl(mock, 'a'), {}, READ_KEY);

    expect(await errorOf(response)).toMatchObject({
      status: 401,
      errorCode: 'RequestForbiddenError',
    });
    expect(lastRecord().keyKind).toBe('read');
  });

  it('checks the key before the body', async () => {
    const response = await postJson(eventsUrl(mock, 'a'), '{not json', 'unknown');

    expect(await errorOf(response)).toMatchObject({ status: 401, errorCode: 'InvalidApiKeyError' });
  });

  it('journals the rejection without storing', async () => {
    await postJson(eventsUrl(mock, 'rejected-auth'), { n: 1 }, 'unknown');

    const record = lastRecord();
    expect(record.outcome).toBe('rejected');
    expect(record.errorCode).toBe('InvalidApiKeyError');
    expect(record.body).toEqual({ n: 1 });
    expect(record.stored).toBeNull();
    expect(mock.core.store.events('default', PROJECT_ID, 'rejected-auth')).toEqual([]);
  });
});

describe('routes', () => {
  const cases: Array<[string, string]> = [
    ['GET', '/3.0/projects'],
    ['GET', '/nothing'],
    ['PUT', `/3.0/projects/${PROJECT_ID}/events/a`],
    ['PATCH', `/3.0/projects/${PROJECT_ID}/events`],
    ['POST', `/3.0/projects/${PROJECT_ID}/events/a/b`],
    ['POST', `/runs/bad%20run/3.0/projects/${PROJECT_ID}/events/a`],
    ['POST', `/runs/${'x'.repeat(129)}/3.0/projects/${PROJECT_ID}/events/a`],
  ];

  for (const [method, path] of cases) {
    it(`returns 404 for ${method} ${path.slice(0, 40)}`, async () => {
      const body = method === 'GET' ? undefined : '{}';
      const response = await fetch(`${mock.url}${path}`, {
        method,
        headers: { Authorization: WRITE_KEY },
        body,
      });

      expect(await errorOf(response)).toMatchObject({
        status: 404,
        errorCode: 'ResourceNotFoundError',
      });
    });
  }
});

describe('secrecy', () => {
  it('keeps keys out of the journal and log', async () => {
    await postJson(eventsUrl(mock, 'secret'), {}, WRITE_KEY);
    await fetch(
      `${eventsUrl(mock, 'secret')}?api_key=${WRITE_KEY}&data=${encodeURIComponent(encodeData({}))}`,
    );
    await postJson(eventsUrl(mock, 'secret'), {}, 'unknown-secret-key');

    const journalText = JSON.stringify(mock.core.journal.list('default'));
    expect(journalText).not.toContain(WRITE_KEY);
    expect(journalText).not.toContain('unknown-secret-key');
    expect(mock.logLines.join('\n')).not.toContain(WRITE_KEY);
  });
});

describe('permissive registry', () => {
  let permissive: MockKeen;

  beforeAll(async () => {
    permissive = await startMockKeen({ registry: 'permissive', log: () => undefined });
  });

  afterAll(async () => {
    await permissive.close();
  });

  it('creates a project on its first write', async () => {
    const url = `${permissive.url}/runs/r1/3.0/projects/fresh/events/a`;

    expect((await postJson(url, {}, 'first-key')).status).toBe(201);
    expect((await postJson(url, {}, 'first-key')).status).toBe(201);
    expect((await postJson(url, {}, 'second-key')).status).toBe(401);
  });

  it('rejects a first write without a key', async () => {
    const response = await fetch(`${permissive.url}/3.0/projects/keyless/events/a`, {
      method: 'POST',
      body: '{}',
    });

    expect(await errorOf(response)).toMatchObject({
      status: 404,
      errorCode: 'ResourceNotFoundError',
    });
  });
});
