import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  PROJECT_ID,
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
});

afterAll(async () => {
  await mock.close();
});

function lastStored(): Record<string, unknown> & { keen: Record<string, unknown> } {
  const record = mock.core.journal.list('default').at(-1)!;
  return record.stored as Record<string, unknown> & { keen: Record<string, unknown> };
}

describe('server-side fields', () => {
  it('sets created_at, timestamp and id', async () => {
    const before = new Date().toISOString();
    await postJson(eventsUrl(mock, 'fields'), { a: 1 });
    const after = new Date().toISOString();

    const { keen } = lastStored();
    expect(keen.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const createdAt = keen.created_at as string;
    expect(createdAt >= before).toBe(true);
    expect(createdAt <= after).toBe(true);
    expect(keen.timestamp).toBe(keen.created_at);
    expect(keen.id).toMatch(/^[0-9a-f]{24}$/);
  });

  it('keeps a valid client timestamp as sent', async () => {
    await postJson(eventsUrl(mock, 'fields'), {
      keen: { timestamp: '2012-12-14T20:24:01.123000+00:00' },
    });

    expect(lastStored().keen.timestamp).toBe('2012-12-14T20:24:01.123000+00:00');
  });

  it('overwrites client created_at and id', async () => {
    await postJson(eventsUrl(mock, 'fields'), {
      keen: { created_at: '2000-01-01T00:00:00Z', id: 'mine' },
    });

    const { keen } = lastStored();
    expect(keen.created_at).not.toBe('2000-01-01T00:00:00Z');
    expect(keen.id).not.toBe('mine');
  });

  it('keeps location and uniqueness_token', async () => {
    await postJson(eventsUrl(mock, 'fields'), {
      keen: { location: { coordinates: [2.3, 48.8] }, uniqueness_token: 't-1' },
    });

    const { keen } = lastStored();
    expect(keen.location).toEqual({ coordinates: [2.3, 48.8] });
    expect(keen.uniqueness_token).toBe('t-1');
  });

  it('gives unique ids', async () => {
    const events = Array.from({ length: 200 }, (_, index) => ({ index }));
    await postJson(eventsUrl(mock), { ids: events });

    const ids = mock.core.store
      .events('default', PROJECT_ID, 'ids')
      .map((event) => (event.keen as { id: string }).id);
    expect(new Set(ids).size).toBe(200);
  });

  it('shares created_at within a batch', async () => {
    await postJson(eventsUrl(mock), { shared: [{ n: 1 }, { n: 2 }] });

    const stored = mock.core.store.events('default', PROJECT_ID, 'shared');
    expect((stored[0].keen as { created_at: string }).created_at).toBe(
      (stored[1].keen as { created_at: string }).created_at,
    );
  });

  it('never returns the id to the writer', async () => {
    const response = await postJson(eventsUrl(mock, 'fields'), {});

    expect(await response.text()).not.toContain(lastStored().keen.id as string);
  });

  it('keeps the received body unchanged', async () => {
    await postJson(eventsUrl(mock, 'fields'), { ip: '${keen.ip}' });

    const record = mock.core.journal.list('default').at(-1)!;
    expect(record.body).toEqual({ ip: '${keen.ip}' });
  });
});

describe('placeholders', () => {
  it('replaces ip and user agent at any depth', async () => {
    await fetch(eventsUrl(mock, 'placeholders'), {
      method: 'POST',
      headers: { Authorization: WRITE_KEY, 'User-Agent': 'TestAgent/1.0' },
      body: JSON.stringify({
        ip_address: '${keen.ip}',
        nested: { deeper: { agent: '${keen.user_agent}' } },
        list: [{ ip: '${keen.ip}' }, '${keen.user_agent}'],
      }),
    });

    const stored = lastStored();
    expect(stored.ip_address).toBe('127.0.0.1');
    expect(stored.nested).toEqual({ deeper: { agent: 'TestAgent/1.0' } });
    expect(stored.list).toEqual([{ ip: '127.0.0.1' }, 'TestAgent/1.0']);
  });

  it('replaces only exact strings', async () => {
    await postJson(eventsUrl(mock, 'placeholders'), {
      text: 'ip is ${keen.ip}',
      spaced: ' ${keen.ip}',
    });

    const stored = lastStored();
    expect(stored.text).toBe('ip is ${keen.ip}');
    expect(stored.spaced).toBe(' ${keen.ip}');
  });

  it('gives null without a user agent', async () => {
    const stored = mock.core.handle({
      method: 'POST',
      path: `/3.0/projects/${PROJECT_ID}/events/placeholders`,
      query: '',
      headers: { authorization: WRITE_KEY },
      rawBody: Buffer.from('{"agent":"${keen.user_agent}","ip":"${keen.ip}"}'),
      clientIp: '::ffff:10.1.2.3',
    });

    expect(stored.status).toBe(201);
    expect(lastStored().agent).toBeNull();
    expect(lastStored().ip).toBe('10.1.2.3');
  });

  it('replaces placeholders in GET events', async () => {
    await fetch(
      `${eventsUrl(mock, 'placeholders')}?api_key=${WRITE_KEY}&data=${encodeURIComponent(encodeData({ ip: '${keen.ip}' }))}`,
    );

    expect(lastStored().ip).toBe('127.0.0.1');
  });
});

describe('add-on declarations', () => {
  it('removes keen.addons from the stored event', async () => {
    const addons = [
      { name: 'keen:url_parser', input: { url: 'page_url' }, output: 'parsed_page_url' },
    ];
    await postJson(eventsUrl(mock, 'addons'), {
      page_url: 'https://shop.test/a',
      keen: { addons },
    });

    const stored = lastStored();
    expect(stored.keen.addons).toBeUndefined();
    const record = mock.core.journal.list('default').at(-1)!;
    expect((record.body as { keen: { addons: unknown } }).keen.addons).toEqual(addons);
  });
});
