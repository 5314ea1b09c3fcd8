import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { expect, test, type BrowserContext, type Page } from '@playwright/test';

import { buildDeviceAssets } from '../../destination/device/build.js';
import { startCloudDestination, type CloudDestination } from '../../destination/cloud/server.js';
import { startMockKeen, type MockKeen } from '../../mock-keen/index.js';
import { startStaticSite, type StaticSite } from '../../mock-keen/test-support.js';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));
const DOC = fileURLToPath(new URL('../../docs/keen-clients.md', import.meta.url));

/** The snippets the tests below run; a snippet added to the page must be added here and tested. */
const TESTED_SNIPPETS = [
  'keen-js-browser',
  'keen-tracking-browser',
  'keen-tracking-node',
  'keen-analysis-browser',
  'cloud-destination',
  'curl-post',
  'curl-batch',
  'curl-beacon',
  'curl-jsonp',
  'curl-image',
  'curl-redirect',
  'curl-query-post',
  'curl-query-get',
  'curl-schema',
  'curl-delete',
  'curl-records',
];

const PROJECT_ID = 'doc-project';
const KEYS = { WRITE_KEY: 'doc-write-key', READ_KEY: 'doc-read-key', MASTER_KEY: 'doc-master-key' };

/** Read the fenced code block after each `<!-- snippet: NAME -->` marker of the page. */
async function readSnippets(): Promise<Map<string, string>> {
  const text = await readFile(DOC, 'utf8');
  const snippets = new Map<string, string>();
  for (const match of text.matchAll(/<!-- snippet: ([\w-]+) -->\n+```\w+\n([\s\S]*?)\n```/g)) {
    snippets.set(match[1], match[2]);
  }
  return snippets;
}

let snippets: Map<string, string>;
let mock: MockKeen;
let destination: CloudDestination;
let site: StaticSite;

test.beforeAll(async () => {
  snippets = await readSnippets();
  mock = await startMockKeen({ log: () => undefined });
  mock.core.registry.registerRun('default', [
    {
      projectId: PROJECT_ID,
      keys: [
        { key: KEYS.WRITE_KEY, kind: 'write' },
        { key: KEYS.READ_KEY, kind: 'read' },
        { key: KEYS.MASTER_KEY, kind: 'master' },
      ],
    },
  ]);
  destination = await startCloudDestination({ log: () => undefined });
  const { keenTracker } = await buildDeviceAssets();
  site = await startStaticSite({
    '/keen-js.html': '<!doctype html><script src="/keen-tracker.min.js"></script>',
    '/keen-tracker.min.js': keenTracker,
    '/keen-tracking.html': '<!doctype html><script src="/keen-tracking.min.js"></script>',
    '/keen-tracking.min.js': await readFile(
      require.resolve('keen-tracking/dist/keen-tracking.min.js'),
      'utf8',
    ),
    '/keen-analysis.html': '<!doctype html><script src="/keen-analysis.min.js"></script>',
    '/keen-analysis.min.js': await readFile(
      require.resolve('keen-analysis/dist/keen-analysis.min.js'),
      'utf8',
    ),
  });
});

test.afterAll(async () => {
  await mock.close();
  await destination.close();
  await site.close();
});

function snippet(name: string): string {
  const code = snippets.get(name);
  if (code === undefined)
    throw new Error(`docs/keen-clients.md has no block marked "snippet: ${name}"`);
  return code;
}

/** Open a page of the site with every other host aborted into `blocked`, and run a snippet in it. */
async function runInPage(
  context: BrowserContext,
  path: string,
  name: string,
  blocked: string[],
): Promise<Page> {
  await context.route(
    (url) => !url.href.startsWith(`${mock.url}/`) && !url.href.startsWith(`${site.origin}/`),
    async (route) => {
      blocked.push(route.request().url());
      await route.abort('blockedbyclient');
    },
  );
  const page = await context.newPage();
  await page.goto(`${site.origin}${path}`);
  const names = { PROJECT_ID, ...KEYS, MOCK_PORT: mock.port };
  const prelude = Object.entries(names).map(
    ([key, value]) => `const ${key} = ${JSON.stringify(value)};`,
  );
  await page.addScriptTag({ content: prelude.join('\n') });
  await page.addScriptTag({ content: snippet(name) });
  return page;
}

/** Run a shell snippet with the mock's address, project and keys in its environment. */
async function runShell(name: string): Promise<string> {
  const env = {
    ...process.env,
    KEEN_URL: mock.url,
    DESTINATION_URL: destination.url,
    PROJECT_ID,
    ...KEYS,
  };
  const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', snippet(name)], { env });
  return stdout;
}

async function waitForCollection(collection: string) {
  const result = await mock.core.journal.wait('default', { collection }, 1, 10_000);
  expect(result.satisfied, `a record in ${collection}`).toBe(true);
  return result.records[0];
}

test.describe.configure({ mode: 'serial' });

test.describe('docs/keen-clients.md snippets', () => {
  const blocked: string[] = [];

  test.beforeEach(() => {
    blocked.length = 0;
  });

  test.afterEach(() => {
    expect(blocked, 'requests to hosts other than the site and the mock').toEqual([]);
  });

  test('every snippet is run here', () => {
    expect([...snippets.keys()].sort()).toEqual([...TESTED_SNIPPETS].sort());
  });

  test('keen-js in the browser', async ({ context }) => {
    await runInPage(context, '/keen-js.html', 'keen-js-browser', blocked);

    const record = await waitForCollection('purchases');
    expect(record.transport).toBe('jsonp');
    expect(record.outcome).toBe('accepted');
    expect(record.body).toEqual({ item: 'book', price: 12.5 });
  });

  test('keen-tracking in the browser', async ({ context }) => {
    await runInPage(context, '/keen-tracking.html', 'keen-tracking-browser', blocked);

    const record = await waitForCollection('signups');
    expect(record.transport).toBe('post');
    expect(record.outcome).toBe('accepted');
    expect(record.body).toEqual({ plan: 'pro' });
  });

  test('keen-tracking in Node', async () => {
    const env = { ...process.env, MOCK_PORT: String(mock.port), PROJECT_ID, ...KEYS };
    const { stdout } = await run(
      process.execPath,
      ['--input-type=module', '-e', snippet('keen-tracking-node')],
      { env, cwd: REPOSITORY },
    );

    expect(stdout.trim()).toBe('{"created":true}');
    const records = mock.core.journal.list('default', { collection: 'signups' });
    expect(records.map((record) => record.body)).toContainEqual({ plan: 'free' });
  });

  test('keen-analysis in the browser', async ({ context }) => {
    const logged = new Promise<string>((resolve) => {
      context.on('console', (message) => {
        if (message.type() === 'log') resolve(message.text());
      });
    });
    await runInPage(context, '/keen-analysis.html', 'keen-analysis-browser', blocked);

    expect(JSON.parse(await logged)).toEqual([{ item: 'book', result: 1 }]);
  });

  test('cloud destination base URL', async () => {
    await runShell('cloud-destination');

    const record = await waitForCollection('Order Completed');
    expect(record.transport).toBe('batch');
    expect(record.outcome).toBe('accepted');
    expect(record.keyLocation).toBe('query');
  });

  const writes: Array<[string, string, string]> = [
    ['curl-post', 'purchases', 'post'],
    ['curl-batch', 'purchases', 'batch'],
    ['curl-beacon', 'pageviews', 'beacon'],
    ['curl-jsonp', 'purchases', 'jsonp'],
    ['curl-image', 'pageviews', 'image'],
    ['curl-redirect', 'clicks', 'redirect'],
  ];
  for (const [name, collection, transport] of writes) {
    test(`${name} records its write`, async () => {
      const since = mock.core.journal.list('default').at(-1)?.seq ?? 0;
      await runShell(name);

      const records = mock.core.journal.list('default', { since });
      expect(records.length).toBeGreaterThan(0);
      expect(records[0].collection).toBe(collection);
      expect(records[0].transport).toBe(transport);
      expect(records.every((record) => record.outcome === 'accepted')).toBe(true);
    });
  }

  test('curl-jsonp prints a callback', async () => {
    expect(await runShell('curl-jsonp')).toMatch(/^keenCallback\(\{"created":true\}\);?$/);
  });

  test('curl-image prints a GIF reply', async () => {
    expect(await runShell('curl-image')).toBe('200 image/gif\n');
  });

  test('curl-redirect prints the target', async () => {
    expect(await runShell('curl-redirect')).toBe('302 https://www.example.com/docs\n');
  });

  test('curl-query-post counts', async () => {
    const output = JSON.parse(await runShell('curl-query-post'));

    expect(output.result).toBeGreaterThan(0);
    expect(output.result).toBe(
      mock.core.store
        .events('default', PROJECT_ID, 'purchases')
        .filter((event) => event.item === 'book').length,
    );
  });

  test('curl-query-get extracts', async () => {
    expect(JSON.parse(await runShell('curl-query-get'))).toEqual({ result: [{ item: 'lamp' }] });
  });

  test('curl-schema lists collections', async () => {
    const schemas = JSON.parse(await runShell('curl-schema')) as Array<{ name: string }>;

    expect(schemas.map((schema) => schema.name)).toContain('purchases');
  });

  test('curl-delete empties a collection', async () => {
    expect(await runShell('curl-delete')).toBe('204\n');
    expect(mock.core.store.events('default', PROJECT_ID, 'clicks')).toEqual([]);
  });

  test('curl-records lists the journal', async () => {
    const { records } = JSON.parse(await runShell('curl-records')) as {
      records: Array<{ collection: string }>;
    };

    expect(records.length).toBeGreaterThan(0);
    expect(records.every((record) => record.collection === 'purchases')).toBe(true);
  });
});
