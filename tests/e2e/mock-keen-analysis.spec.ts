import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

import { expect, test, type Page } from '@playwright/test';

import { MockKeenClient } from '../../mock-keen/client.js';
import { startMockKeen, type MockKeen } from '../../mock-keen/index.js';
import { startStaticSite, type StaticSite } from '../../mock-keen/test-support.js';

const PROJECT_ID = 'analysis-project';
const WRITE_KEY = 'analysis-write-key';
const READ_KEY = 'analysis-read-key';
const RUN_ID = 'keen-analysis-browser';

const require = createRequire(import.meta.url);
const KEEN_ANALYSIS_BUNDLE = require.resolve('keen-analysis/dist/keen-analysis.min.js');

const PURCHASES = [
  {
    item: 'book',
    price: 10,
    user: { id: 'u1', plan: 'pro' },
    keen: { timestamp: '2024-01-01T10:00:00.000Z' },
  },
  {
    item: 'pen',
    price: 2,
    user: { id: 'u2', plan: 'free' },
    keen: { timestamp: '2024-01-01T23:30:00.000Z' },
  },
  {
    item: 'book',
    price: 12,
    user: { id: 'u3', plan: 'pro' },
    keen: { timestamp: '2024-01-02T08:00:00.000Z' },
  },
  {
    item: 'lamp',
    price: 40,
    user: { id: 'u1', plan: 'pro' },
    keen: { timestamp: '2024-01-03T12:00:00.000Z' },
  },
];

let mock: MockKeen;
let client: MockKeenClient;
let shop: StaticSite;

test.beforeAll(async () => {
  mock = await startMockKeen({ log: () => undefined });
  client = new MockKeenClient(mock.url);
  shop = await startStaticSite({
    '/': '<!doctype html><script src="/keen-analysis.min.js"></script>',
    '/keen-analysis.min.js': await readFile(KEEN_ANALYSIS_BUNDLE, 'utf8'),
  });
  await client.registerRun(RUN_ID, [
    {
      projectId: PROJECT_ID,
      keys: [
        { key: WRITE_KEY, kind: 'write' },
        { key: READ_KEY, kind: 'read' },
      ],
    },
  ]);
  const response = await fetch(`${mock.url}/runs/${RUN_ID}/3.0/projects/${PROJECT_ID}/events`, {
    method: 'POST',
    headers: { Authorization: WRITE_KEY, 'Content-Type': 'application/json' },
    body: JSON.stringify({ purchases: PURCHASES }),
  });
  expect(response.status).toBe(200);
});

test.afterAll(async () => {
  await mock.close();
  await shop.close();
});

interface QueryOutcome {
  result?: unknown;
  error?: unknown;
}

/**
 * Run `client.query(...args)` with keen-analysis 3.7.0 in the page, pointed at the mock through
 * keen-core's `host` (no scheme, no `/3.0`) and `protocol` options.
 */
function queryInPage(page: Page, args: unknown[]): Promise<QueryOutcome> {
  const host = `${new URL(mock.url).host}/runs/${RUN_ID}`;
  return page.evaluate(
    async ({ host, args, projectId, readKey }) => {
      const KeenAnalysis = (
        window as unknown as {
          KeenAnalysis: new (config: object) => { query(...a: unknown[]): Promise<unknown> };
        }
      ).KeenAnalysis;
      const analysis = new KeenAnalysis({ projectId, readKey, host, protocol: 'http' });
      try {
        return { result: await analysis.query(...args) };
      } catch (error) {
        return { error };
      }
    },
    { host, args, projectId: PROJECT_ID, readKey: READ_KEY },
  );
}

test.describe('keen-analysis 3.7.0 in Chromium against mock-keen', () => {
  const blocked: string[] = [];
  let page: Page;

  // A fixed zone without daylight saving, so the offset keen-analysis sends is known: +05:30.
  test.use({ timezoneId: 'Asia/Kolkata' });

  test.beforeEach(async ({ context }) => {
    blocked.length = 0;
    await context.route(
      (url) => !url.href.startsWith(`${mock.url}/`) && !url.href.startsWith(`${shop.origin}/`),
      async (route) => {
        blocked.push(route.request().url());
        await route.abort('blockedbyclient');
      },
    );
    page = await context.newPage();
    await page.goto(`${shop.origin}/`);
  });

  test.afterEach(() => {
    expect(blocked, 'requests to hosts other than the shop and the mock').toEqual([]);
  });

  test('counts with filters and group_by', async () => {
    const outcome = await queryInPage(page, [
      'count',
      {
        eventCollection: 'purchases',
        filters: [{ propertyName: 'price', operator: 'gte', propertyValue: 10 }],
        groupBy: ['item', 'user.plan'],
      },
    ]);

    expect(outcome.error).toBeUndefined();
    expect((outcome.result as { result: unknown }).result).toEqual([
      { item: 'book', 'user.plan': 'pro', result: 2 },
      { item: 'lamp', 'user.plan': 'pro', result: 1 },
    ]);
  });

  test('sums over an absolute timeframe', async () => {
    const outcome = await queryInPage(page, [
      {
        analysisType: 'sum',
        eventCollection: 'purchases',
        targetProperty: 'price',
        timeframe: { start: '2024-01-01T00:00:00.000Z', end: '2024-01-02T00:00:00.000Z' },
      },
    ]);

    expect(outcome.error).toBeUndefined();
    expect((outcome.result as { result: unknown }).result).toBe(12);
  });

  test('buckets by day in the browser timezone', async () => {
    const outcome = await queryInPage(page, [
      'count',
      {
        eventCollection: 'purchases',
        timeframe: { start: '2024-01-01T00:00:00.000+05:30', end: '2024-01-03T00:00:00.000+05:30' },
        interval: 'daily',
      },
    ]);

    expect(outcome.error).toBeUndefined();
    // 2024-01-01T23:30Z is already 2 January in +05:30.
    expect((outcome.result as { result: unknown }).result).toEqual([
      {
        timeframe: { start: '2024-01-01T00:00:00.000+05:30', end: '2024-01-02T00:00:00.000+05:30' },
        value: 1,
      },
      {
        timeframe: { start: '2024-01-02T00:00:00.000+05:30', end: '2024-01-03T00:00:00.000+05:30' },
        value: 2,
      },
    ]);
  });

  test('extracts the latest events with property_names', async () => {
    const outcome = await queryInPage(page, [
      {
        analysisType: 'extraction',
        eventCollection: 'purchases',
        propertyNames: ['item', 'user.id', 'keen.timestamp'],
        latest: 2,
      },
    ]);

    expect(outcome.error).toBeUndefined();
    expect((outcome.result as { result: unknown }).result).toEqual([
      { item: 'book', user: { id: 'u3' }, keen: { timestamp: '2024-01-02T08:00:00.000Z' } },
      { item: 'lamp', user: { id: 'u1' }, keen: { timestamp: '2024-01-03T12:00:00.000Z' } },
    ]);
  });

  test('extracts full events', async () => {
    const outcome = await queryInPage(page, ['extraction', { eventCollection: 'purchases' }]);

    const events = (outcome.result as { result: Array<Record<string, unknown>> }).result;
    expect(events.map((event) => event.item)).toEqual(['book', 'pen', 'book', 'lamp']);
    expect(events[0].keen).toEqual({
      timestamp: '2024-01-01T10:00:00.000Z',
      created_at: expect.any(String),
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
    });
  });

  test('rejects an invalid query', async () => {
    const outcome = await queryInPage(page, [
      'count',
      {
        eventCollection: 'purchases',
        filters: [{ propertyName: 'item', operator: 'like', propertyValue: 'b' }],
      },
    ]);

    expect(outcome.result).toBeUndefined();
    expect(outcome.error).toMatchObject({
      ok: false,
      status: 400,
      error_code: 'InvalidQueryError',
    });
  });

  test('rejects a write key', async () => {
    const host = `${new URL(mock.url).host}/runs/${RUN_ID}`;
    const error = await page.evaluate(
      async ({ host, projectId, writeKey }) => {
        const KeenAnalysis = (
          window as unknown as {
            KeenAnalysis: new (config: object) => { query(...a: unknown[]): Promise<unknown> };
          }
        ).KeenAnalysis;
        // A write key in the masterKey slot passes keen-analysis's own check and reaches the mock.
        const analysis = new KeenAnalysis({
          projectId,
          masterKey: writeKey,
          host,
          protocol: 'http',
        });
        return analysis.query('count', { eventCollection: 'purchases' }).then(
          () => null,
          (rejection: unknown) => rejection,
        );
      },
      { host, projectId: PROJECT_ID, writeKey: WRITE_KEY },
    );

    expect(error).toMatchObject({ status: 401, error_code: 'RequestForbiddenError' });
  });
});
