import { Analytics } from '@segment/analytics-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CATALOGUE_DEFAULTS } from '../../harness/settings.js';
import { MockKeenClient } from '../../mock-keen/client.js';
import { startMockKeen } from '../../mock-keen/index.js';
import type { MockKeen } from '../../mock-keen/index.js';
import type { CloudSettings, JsonObject } from './message.js';
import { startCloudDestination } from './server.js';
import type { CloudDestination, CloudMutations, MessageResult } from './server.js';

const PROJECT_ID = '9181bcd23843312d87000000';
const KEEN_WRITE_KEY = 'K'.repeat(32);
const SETTINGS: CloudSettings = {
  ...CATALOGUE_DEFAULTS,
  projectId: PROJECT_ID,
  writeKey: KEEN_WRITE_KEY,
};

let mock: MockKeen;
let mockClient: MockKeenClient;
let destination: CloudDestination;
let mutatedDestination: CloudDestination;
const logLines: string[] = [];
let sourceCount = 0;

beforeAll(async () => {
  mock = await startMockKeen({ log: (line) => logLines.push(line) });
  mockClient = new MockKeenClient(mock.url);
  destination = await startCloudDestination({
    retry: { baseDelayMs: 0 },
    log: (line) => logLines.push(line),
  });
  const mutations: CloudMutations = { forwardIdentify: true };
  mutatedDestination = await startCloudDestination({
    retry: { baseDelayMs: 0 },
    mutations,
    log: (line) => logLines.push(line),
  });
});

afterAll(async () => {
  await destination?.close();
  await mutatedDestination?.close();
  await mock?.close();
});

/** A source configured on `target` whose events go to a fresh mock run. */
interface TestSource {
  writeKey: string;
  runId: string;
}

async function configureSource(
  settings: CloudSettings = SETTINGS,
  target: CloudDestination = destination,
): Promise<TestSource> {
  sourceCount += 1;
  const source = { writeKey: `source-key-${sourceCount}`, runId: `cloud-${sourceCount}` };
  await mockClient.registerRun(source.runId, [
    { projectId: PROJECT_ID, keys: [{ key: KEEN_WRITE_KEY, kind: 'write' }] },
  ]);

  const keenBaseUrl = `${mock.url}/runs/${source.runId}/3.0`;
  const response = await put(`${target.url}/config/sources/${source.writeKey}`, {
    settings,
    keenBaseUrl,
  });
  expect(response.status).toBe(200);
  return source;
}

function put(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

function post(
  path: string,
  body: unknown,
  writeKey: string | null,
  target: CloudDestination = destination,
): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (writeKey !== null)
    headers.Authorization = `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;
  return fetch(`${target.url}${path}`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function results(
  source: TestSource,
  target: CloudDestination = destination,
): Promise<MessageResult[]> {
  const response = await fetch(`${target.url}/results/${source.writeKey}`);
  return ((await response.json()) as { results: MessageResult[] }).results;
}

async function recordedCollections(source: TestSource): Promise<(string | null)[]> {
  return (await mockClient.records(source.runId)).map((record) => record.collection);
}

/** An analytics-node client sending to the destination; one flush sends every queued call in one batch. */
function createAnalytics(source: TestSource): Analytics {
  return new Analytics({
    writeKey: source.writeKey,
    host: destination.url,
    path: '/v1/batch',
    maxRetries: 0,
    flushAt: 50,
  });
}

function track(event: string, fields: JsonObject = {}): JsonObject {
  return { type: 'track', event, userId: 'u1', timestamp: '2014-01-01T00:00:00Z', ...fields };
}

describe('cloud destination with analytics-node', () => {
  it('delivers calls in order', async () => {
    const source = await configureSource();
    const analytics = createAnalytics(source);

    analytics.track({
      userId: 'user@example.com',
      event: 'Purchased',
      properties: { item: 'T-Shirt', revenue: 19.99 },
      timestamp: new Date('2014-01-01T00:00:00Z'),
    });
    analytics.identify({ userId: 'user@example.com', traits: { plan: 'pro' } });
    analytics.page({ userId: 'user@example.com', category: 'Docs', name: 'Index' });
    analytics.screen({ anonymousId: 'anon-1', name: 'Home' });
    analytics.track({ userId: 'user@example.com', event: 'Sentinel' });
    await analytics.closeAndFlush();

    expect(await recordedCollections(source)).toEqual([
      'Purchased',
      'Loaded a Page',
      'Viewed Docs Page',
      'Viewed Docs Index Page',
      'Loaded a Screen',
      'Viewed Home Screen',
      'Sentinel',
    ]);
    expect(
      (await results(source)).map((result) => [result.type, result.outcome, result.attempts]),
    ).toEqual([
      ['track', 'delivered', 1],
      ['identify', 'refused', 0],
      ['page', 'delivered', 3],
      ['screen', 'delivered', 2],
      ['track', 'delivered', 1],
    ]);
  });

  it('sends the documented track body', async () => {
    const source = await configureSource();
    const analytics = createAnalytics(source);

    analytics.track({
      userId: 'user@example.com',
      event: 'Purchased',
      properties: { item: 'T-Shirt', revenue: 19.99 },
      timestamp: new Date('2014-01-01T00:00:00Z'),
    });
    await analytics.closeAndFlush();

    const [record] = await mockClient.records(source.runId);
    expect(record.outcome).toBe('accepted');
    expect(record.transport).toBe('batch');
    expect(record.body).toEqual({
      item: 'T-Shirt',
      revenue: 19.99,
      userId: 'user@example.com',
      traits: {},
      keen: { timestamp: '2014-01-01T00:00:00.000Z', addons: [] },
    });
  });
});

describe('cloud destination collection API', () => {
  it.each(['/v1/track', '/v1/t'])('accepts a track at %s', async (path) => {
    const source = await configureSource();
    const response = await post(path, { event: 'Single', userId: 'u1' }, source.writeKey);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ success: true });
    expect(await recordedCollections(source)).toEqual(['Single']);
  });

  it.each(['/v1/page', '/v1/p'])('accepts a page at %s', async (path) => {
    const source = await configureSource({ ...SETTINGS, trackAllPages: false });
    await post(path, { name: 'Pricing', userId: 'u1' }, source.writeKey);
    expect(await recordedCollections(source)).toEqual(['Viewed Pricing Page']);
  });

  it('sends nothing for refused messages', async () => {
    const source = await configureSource();
    const batch = [
      { type: 'identify', userId: 'u1', traits: { a: 1 } },
      { type: 'group', userId: 'u1', groupId: 'g1' },
      { type: 'alias', userId: 'u1', previousId: 'u0' },
      track('Disabled', { integrations: { All: false } }),
      track('Keen Off', { integrations: { Keen: false } }),
      track('Bundled', { channel: 'client' }),
      track('Sentinel'),
    ];
    await post('/v1/batch', { batch }, source.writeKey);

    expect(await recordedCollections(source)).toEqual(['Sentinel']);
    expect((await results(source)).map((result) => result.reason ?? result.outcome)).toEqual([
      'UNSUPPORTED',
      'UNSUPPORTED',
      'UNSUPPORTED',
      'DISABLED',
      'DISABLED',
      'CHANNEL',
      'delivered',
    ]);
  });

  it('refuses without required settings', async () => {
    const source = await configureSource({ ...SETTINGS, projectId: '' });
    await post('/v1/batch', { batch: [track('Purchased')] }, source.writeKey);
    expect(await results(source)).toEqual([
      {
        messageId: null,
        type: 'track',
        outcome: 'refused',
        reason: 'INVALID_SETTINGS',
        attempts: 0,
      },
    ]);
    expect(await recordedCollections(source)).toEqual([]);
  });

  it('retries a rejected item three times', async () => {
    const source = await configureSource();
    await post(
      '/v1/batch',
      { batch: [track('Dotted', { messageId: 'm-dotted', properties: { 'a.b.c': 1 } })] },
      source.writeKey,
    );

    const records = await mockClient.records(source.runId);
    expect(records.map((record) => [record.outcome, record.errorCode])).toEqual(
      Array(3).fill(['rejected', 'InvalidPropertyNameError']),
    );
    expect(records[0].body).toMatchObject({ 'a_b.c': 1 });
    expect(await results(source)).toEqual([
      {
        messageId: 'm-dotted',
        type: 'track',
        outcome: 'failed',
        errorName: 'InvalidPropertyNameError',
        message: expect.any(String),
        attempts: 3,
      },
    ]);
  });

  it('fails a non-object keen without request', async () => {
    const source = await configureSource();
    await post(
      '/v1/batch',
      { batch: [track('Bad Keen', { properties: { keen: 'x' } }), track('Sentinel')] },
      source.writeKey,
    );
    expect(await recordedCollections(source)).toEqual(['Sentinel']);
    expect((await results(source))[0]).toMatchObject({
      outcome: 'failed',
      errorName: 'KeenPropertyTypeError',
      attempts: 0,
    });
  });

  it('reports a whole-request rejection once', async () => {
    const source = await configureSource({ ...SETTINGS, writeKey: 'X'.repeat(32) });
    await post('/v1/track', track('Purchased'), source.writeKey);
    expect(await results(source)).toMatchObject([{ outcome: 'failed', status: 401, attempts: 1 }]);
  });
});

describe('cloud destination errors', () => {
  it('rejects a missing write key', async () => {
    const response = await post('/v1/batch', { batch: [] }, null);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      success: false,
      message: expect.stringContaining('source write key'),
    });
  });

  it('rejects an unknown write key', async () => {
    expect((await post('/v1/batch', { batch: [] }, 'never-configured')).status).toBe(401);
  });

  it('rejects invalid JSON', async () => {
    const source = await configureSource();
    const response = await post('/v1/batch', '{"batch": [', source.writeKey);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      success: false,
      message: 'request body is not valid JSON',
    });
  });

  it('rejects a batch item without type', async () => {
    const source = await configureSource();
    const response = await post(
      '/v1/batch',
      { batch: [track('Ok'), { event: 'No Type' }] },
      source.writeKey,
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain('batch[1].type');
    expect(await recordedCollections(source)).toEqual([]);
  });

  it('lists paths for an unknown route', async () => {
    const response = await fetch(`${destination.url}/v2/track`, { method: 'POST' });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { supportedPaths: string[] }).supportedPaths).toContain(
      'POST /v1/batch',
    );
  });

  it.each([
    ['no settings', { keenBaseUrl: 'http://127.0.0.1:1/3.0' }, '"settings"'],
    ['no base URL', { settings: {} }, '"keenBaseUrl"'],
    ['non-http base URL', { settings: {}, keenBaseUrl: 'ftp://127.0.0.1/3.0' }, '"keenBaseUrl"'],
  ])('rejects configuration with %s', async (_case, body, field) => {
    const response = await put(`${destination.url}/config/sources/bad-config`, body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain(field);
  });

  it('reports unknown source results', async () => {
    expect((await fetch(`${destination.url}/results/never-configured`)).status).toBe(404);
  });

  it('logs no keys', () => {
    const text = logLines.join('\n');
    expect(text).toContain('listening on');
    expect(text).not.toContain(KEEN_WRITE_KEY);
    expect(text).not.toMatch(/source-key-\d/);
  });
});

describe('cloud destination mutations', () => {
  it('forwards identify when asked', async () => {
    const source = await configureSource(SETTINGS, mutatedDestination);
    await post(
      '/v1/identify',
      { userId: 'u1', traits: { plan: 'pro' }, timestamp: '2014-01-01T00:00:00Z' },
      source.writeKey,
      mutatedDestination,
    );

    const [record] = await mockClient.records(source.runId);
    expect(record.collection).toBe('Identify');
    expect(record.body).toMatchObject({ plan: 'pro', userId: 'u1' });
    expect(await results(source, mutatedDestination)).toMatchObject([
      { type: 'identify', outcome: 'delivered' },
    ]);
  });
});
