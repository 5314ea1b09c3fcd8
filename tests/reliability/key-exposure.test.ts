import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startMockKeen, type MockKeen } from '../../mock-keen/index.js';

/** Keys long and unusual enough that any occurrence in output is a leak, not a coincidence. */
const KEYS = {
  write: 'SECRET-write-5f1c0d9e8b7a6',
  read: 'SECRET-read-4e3d2c1b0a998',
  master: 'SECRET-master-77aa66bb55cc',
  wrong: 'SECRET-wrong-0123456789ab',
  permissive: 'SECRET-permissive-fedcba98',
};

const PROJECT = {
  projectId: 'keys-project',
  keys: [
    { key: KEYS.write, kind: 'write' as const },
    { key: KEYS.read, kind: 'read' as const },
    { key: KEYS.master, kind: 'master' as const },
  ],
};

function base64(event: unknown): string {
  return Buffer.from(JSON.stringify(event)).toString('base64');
}

/** Send writes with every key, in every place Keen takes one, and collect each reply. */
async function sendWrites(url: string, runId: string): Promise<string[]> {
  const events = `${url}/runs/${runId}/3.0/projects/${PROJECT.projectId}/events`;
  const requests: Array<[string, RequestInit]> = [];
  for (const key of [KEYS.write, KEYS.read, KEYS.master, KEYS.wrong]) {
    requests.push(
      [
        `${events}/pageviews`,
        { method: 'POST', headers: { authorization: key }, body: '{"n": 1}' },
      ],
      [
        `${events}`,
        { method: 'POST', headers: { authorization: key }, body: '{"pageviews": [{"n": 2}]}' },
      ],
      [`${events}/pageviews?api_key=${key}&data=${base64({ n: 3 })}`, { method: 'GET' }],
      [
        `${events}/pageviews?api_key=${key}`,
        { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"n": 4}' },
      ],
      [`${events}/pageviews`, { method: 'POST', headers: { authorization: key }, body: '{"n": ' }],
    );
  }
  requests.push([
    `${url}/runs/${runId}/3.0/projects/created-on-write/events/pageviews`,
    { method: 'POST', headers: { authorization: KEYS.permissive }, body: '{"n": 5}' },
  ]);
  requests.push([
    `${url}/runs/${runId}/3.0/projects/${PROJECT.projectId}/queries/count?event_collection=pageviews&api_key=${KEYS.read}`,
    { method: 'GET' },
  ]);

  const replies: string[] = [];
  for (const [target, init] of requests) replies.push(await (await fetch(target, init)).text());
  return replies;
}

/** Read every inspection resource of the run, including error replies that echo the request. */
async function readInspection(url: string, runId: string): Promise<string[]> {
  const paths = [
    `/mock/runs/${runId}/records`,
    `/mock/runs/${runId}/records?outcome=rejected`,
    `/mock/runs/${runId}/wait?count=1&timeout=0`,
    `/mock/runs/${runId}/faults`,
    `/mock/runs/${runId}/records?api_key=${KEYS.write}&outcome=rejected`,
    `/mock/no-such-path?api_key=${KEYS.write}`,
  ];
  const replies: string[] = [];
  for (const path of paths)
    replies.push(
      await (await fetch(`${url}${path}`, { headers: { authorization: KEYS.master } })).text(),
    );
  return replies;
}

describe('keys in logs and inspection', () => {
  const logLines: string[] = [];
  let strict: MockKeen;
  let permissive: MockKeen;
  const output: string[] = [];

  beforeAll(async () => {
    strict = await startMockKeen({ log: (line) => logLines.push(line) });
    permissive = await startMockKeen({
      registry: 'permissive',
      log: (line) => logLines.push(line),
    });
    for (const mock of [strict, permissive]) {
      mock.core.registry.registerRun('keys', [PROJECT]);
      output.push(...(await sendWrites(mock.url, 'keys')));
      output.push(...(await readInspection(mock.url, 'keys')));
    }
  });

  afterAll(async () => {
    await strict.close();
    await permissive.close();
  });

  it('recorded every write', () => {
    const records = [...strict.core.journal.list('keys'), ...permissive.core.journal.list('keys')];

    expect(records.length).toBeGreaterThanOrEqual(40);
    expect(records.some((record) => record.outcome === 'accepted')).toBe(true);
    expect(records.some((record) => record.errorCode === 'InvalidApiKeyError')).toBe(true);
    expect(logLines.some((line) => line.includes('created project created-on-write'))).toBe(true);
  });

  it.each(Object.entries(KEYS))('keeps the %s key out of the log', (_kind, key) => {
    expect(logLines.filter((line) => line.includes(key))).toEqual([]);
  });

  it.each(Object.entries(KEYS))('keeps the %s key out of replies', (_kind, key) => {
    expect(output.filter((reply) => reply.includes(key))).toEqual([]);
  });
});
