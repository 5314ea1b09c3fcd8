import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from '@playwright/test';

import type { JournalRecord, RawRequest } from '../../mock-keen/core/types.js';
import { startMockKeen, type MockKeen } from '../../mock-keen/index.js';

const RUN = 'page-run';
const OTHER_RUN = 'page-other';
const PROJECT = 'page-project';
const SCRIPT_TEXT = '<script>window.__injected = true</script>';
const IMAGE_TEXT = '<img src=x onerror=window.__injected=true>';

/** Build a record at a fixed time, so that the page looks the same on every run. */
function fixedRecord(index: number, overrides: Partial<JournalRecord>): JournalRecord {
  const receivedAt = new Date(Date.UTC(2026, 0, 2, 9, 30, index)).toISOString();
  const body = overrides.body ?? { index };
  return {
    seq: 0,
    runId: RUN,
    requestId: `request-${index}`,
    projectId: PROJECT,
    collection: 'purchases',
    body,
    stored: {
      ...(body as object),
      keen: { timestamp: receivedAt, created_at: receivedAt, id: `id-${index}` },
    },
    transport: 'post',
    method: 'POST',
    path: `/3.0/projects/${PROJECT}/events/purchases`,
    keyLocation: 'header',
    keyKind: 'write',
    outcome: 'accepted',
    errorCode: null,
    status: 201,
    receivedAt,
    ...overrides,
  };
}

function rawRequest(record: JournalRecord): RawRequest {
  return {
    requestId: record.requestId,
    runId: record.runId,
    method: record.method,
    path: record.path,
    query: '',
    headers: { authorization: 'REDACTED', 'content-type': 'application/json' },
    body: JSON.stringify(record.body),
    bodyEncoding: 'utf8',
    status: record.status,
    receivedAt: record.receivedAt,
  };
}

const RECORDS: JournalRecord[] = [
  fixedRecord(1, { body: { item: 'T-Shirt', revenue: 19.99 } }),
  fixedRecord(2, { body: { item: 'Mug', revenue: 8 } }),
  fixedRecord(3, {
    collection: 'pageviews',
    body: { url: 'https://www.example.com/' },
    transport: 'jsonp',
    method: 'GET',
  }),
  fixedRecord(4, {
    collection: 'bad.name',
    body: { note: SCRIPT_TEXT, picture: IMAGE_TEXT },
    stored: null,
    outcome: 'rejected',
    errorCode: 'InvalidCollectionNameError',
    status: 400,
  }),
  fixedRecord(5, { runId: OTHER_RUN, collection: 'signups', body: { plan: 'pro' } }),
];

/** Load fixed records into the mock through the import route. */
async function importRecords(mock: MockKeen, records: JournalRecord[]): Promise<void> {
  for (const runId of new Set(records.map((record) => record.runId))) {
    const lines = records
      .filter((record) => record.runId === runId)
      .flatMap((record) => [
        JSON.stringify({ request: rawRequest(record) }),
        JSON.stringify({ record }),
      ]);
    const response = await fetch(`${mock.url}/mock/runs/${runId}/import?format=ndjson`, {
      method: 'POST',
      body: `${lines.join('\n')}\n`,
    });
    expect(response.status, await response.text()).toBe(200);
  }
}

/** Abort every request that leaves 127.0.0.1, and collect it. */
async function guard(context: BrowserContext): Promise<string[]> {
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    if (new URL(route.request().url()).hostname === '127.0.0.1') return route.continue();
    blocked.push(route.request().url());
    return route.abort();
  });
  return blocked;
}

async function openPage(page: Page, mock: MockKeen, query = ''): Promise<void> {
  await page.goto(`${mock.url}/mock/ui${query}`);
  await expect(page.locator('body')).toHaveAttribute('data-state', 'loaded');
}

let mock: MockKeen;
let blocked: string[];

test.beforeEach(async ({ context }) => {
  mock = await startMockKeen({ registry: 'permissive', log: () => {} });
  await importRecords(mock, RECORDS);
  blocked = await guard(context);
});

test.afterEach(async () => {
  await mock.close();
  expect(blocked, 'the page requested a host other than 127.0.0.1').toEqual([]);
});

test('page lists records and counts', async ({ page }) => {
  await openPage(page, mock);

  await expect(page.locator('#records-body tr')).toHaveCount(5);
  await expect(page.locator('#collection-counts tr').first()).toHaveText(/purchases\s*2/);
  await expect(page.locator('#journal-stats')).toContainText(
    '5 records and 5 requests kept (memory, no limit)',
  );
});

test('page filters write the URL', async ({ page }) => {
  await openPage(page, mock);
  await page.selectOption('select[name=outcome]', 'rejected');
  await page.selectOption('select[name=run]', RUN);

  await expect(page.locator('#records-body tr')).toHaveCount(1);
  await expect(page).toHaveURL(`${mock.url}/mock/ui?run=${RUN}&outcome=rejected`);
  await expect(page.locator('#view-link')).toHaveAttribute(
    'href',
    `/mock/ui?run=${RUN}&outcome=rejected`,
  );
});

test('page URL reproduces the view', async ({ page }) => {
  await openPage(page, mock, `?collection=purchases&q=mug&transport=post`);

  await expect(page.locator('select[name=collection]')).toHaveValue('purchases');
  await expect(page.locator('input[name=q]')).toHaveValue('mug');
  await expect(page.locator('#records-body tr')).toHaveCount(1);
  await expect(page.locator('#records-body tr')).toContainText('purchases');
});

test('page filters by time range', async ({ page }) => {
  await openPage(page, mock, '?from=2026-01-02T09:30:02&to=2026-01-02T09:30:03');

  await expect(page.locator('#records-body tr td:first-child')).toHaveText(['3', '2']);
});

test('page shows recorded markup as text', async ({ page }) => {
  await openPage(page, mock, `?run=${RUN}&outcome=rejected`);
  await page.locator('#records-body tr').first().click();

  await expect(page.locator('#detail-body')).toContainText(SCRIPT_TEXT);
  await expect(page.locator('#detail-body')).toContainText(IMAGE_TEXT);
  await expect(page.locator('#detail-request')).toContainText(SCRIPT_TEXT);
  expect(
    await page.evaluate(() => (window as { __injected?: boolean }).__injected),
  ).toBeUndefined();
  expect(
    await page.locator('main script, main img').count(),
    'recorded markup became elements',
  ).toBe(0);
});

test('page diffs body and stored event', async ({ page }) => {
  await openPage(page, mock, `?run=${RUN}&collection=purchases`);
  await page.locator('#records-body tr[data-seq="1"]').click();

  await expect(page).toHaveURL(/record=1/);
  await expect(page.locator('#detail-body')).toContainText('"revenue": 19.99');
  await expect(page.locator('#detail-stored')).toContainText('"created_at"');
  await expect(page.locator('#detail-diff .jsondiffpatch-added')).toContainText('keen');
  await expect(page.locator('#detail-request')).toContainText('authorization: REDACTED');
});

test('page updates live', async ({ page }) => {
  await openPage(page, mock, '?collection=live-orders');
  await expect(page.locator('#records-body tr')).toHaveCount(0);

  const response = await fetch(`${mock.url}/3.0/projects/${PROJECT}/events/live-orders`, {
    method: 'POST',
    headers: { Authorization: 'page-test-key', 'Content-Type': 'application/json' },
    body: JSON.stringify({ live: true }),
  });
  expect(response.status).toBe(201);

  await expect(page.locator('#records-body tr')).toHaveCount(1);
  await expect(page.locator('#journal-stats')).toContainText('6 records and 6 requests');
});

test('page shows dropped records', async ({ page }) => {
  const bounded = await startMockKeen({
    registry: 'permissive',
    log: () => {},
    journal: { maxRecords: 2 },
  });
  try {
    for (const n of [1, 2, 3]) {
      await fetch(`${bounded.url}/3.0/projects/${PROJECT}/events/drops`, {
        method: 'POST',
        headers: { Authorization: 'page-test-key', 'Content-Type': 'application/json' },
        body: JSON.stringify({ n }),
      });
    }
    await page.goto(`${bounded.url}/mock/ui`);

    await expect(page.locator('#dropped')).toHaveText('Dropped: 1 records, 0 requests');
    await expect(page.locator('#journal-stats')).toContainText('limit 2 records');
    await expect(page.locator('#records-body tr')).toHaveCount(2);
  } finally {
    await bounded.close();
  }
});

test('page main view screenshot', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openPage(page, mock);

  await expect(page).toHaveScreenshot('journal-page.png', {
    animations: 'disabled',
    caret: 'hide',
    mask: [page.locator('.clock')],
  });
});
