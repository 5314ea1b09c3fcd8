import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../schemas/generated/types.js';
import type { RecordedWrite } from '../matching/judge.js';
import { parseScenario } from '../scenarios/load.js';
import type { RecordedRun } from './recorded-runs.js';
import { updateScenarioFile } from './update-scenario-file.js';

const FILE = `${process.cwd()}/scenarios/updates/example.json`;

const TEXT = `{
  "version": "1.0",
  "id": "updates/example",
  "title": "A track reaches Keen",
  "rule": "3.4",
  "source": "segmentio/analytics.js-integrations integrations/keen-io/lib/index.js",
  "modes": ["device", "cloud"],
  "settings": {
    "projectId": "9181bcd23843312d87000000",
    "writeKey": "4f5ad0a3c2e54e1b9a7d6c3b2a1f0e9d8c7b6a5f"
  },
  "calls": [{ "type": "track", "event": "Purchased", "timestamp": "2014-01-01T00:00:00Z" }],
  "expect": { "shared": { "writes": [] } }
}
`;

function write(body: unknown, transport: string): RecordedWrite {
  return {
    seq: 1,
    collection: 'Purchased',
    body,
    stored: null,
    transport,
    outcome: 'accepted',
    errorCode: null,
    status: 200,
  };
}

function run(mode: 'device' | 'cloud', records: RecordedWrite[]): RecordedRun {
  return { id: 'updates/example', mode, target: null, status: 'failed', records, errors: [] };
}

const keen = { timestamp: '2014-01-01T00:00:00.000Z', addons: [] };
const scenario: Scenario = parseScenario(FILE, TEXT).scenario;

describe('updateScenarioFile', () => {
  it('keeps shared when both modes agree', async () => {
    const body = { keen };
    const update = await updateScenarioFile(FILE, TEXT, scenario, [
      run('device', [write(body, 'post')]),
      run('cloud', [write(body, 'post')]),
    ]);
    const updated = parseScenario(FILE, update.after).scenario;
    expect(updated.expect.shared?.writes).toEqual([
      { collection: 'Purchased', transport: 'post', body: { keen } },
    ]);
  });

  it('keeps the rest of the text byte for byte', async () => {
    const update = await updateScenarioFile(FILE, TEXT, scenario, [
      run('device', [write({ keen }, 'post')]),
      run('cloud', [write({ keen }, 'post')]),
    ]);
    const head = TEXT.slice(0, TEXT.indexOf('  "expect"'));
    expect(update.after.startsWith(head)).toBe(true);
  });

  it('writes short objects on one line', async () => {
    const update = await updateScenarioFile(FILE, TEXT, scenario, [
      run('device', [write({ keen }, 'post')]),
      run('cloud', [write({ keen }, 'post')]),
    ]);
    expect(update.after).toContain(
      '"body": { "keen": { "timestamp": "2014-01-01T00:00:00.000Z", "addons": [] } }',
    );
  });

  it('splits shared when the modes differ', async () => {
    const update = await updateScenarioFile(FILE, TEXT, scenario, [
      run('device', [write({ keen }, 'jsonp')]),
      run('cloud', [write({ userId: 'user-42', keen }, 'batch')]),
    ]);
    const updated = parseScenario(FILE, update.after).scenario;
    expect(updated.expect.shared).toBeUndefined();
    expect(updated.expect.device?.writes?.[0].transport).toBe('jsonp');
    expect(updated.expect.cloud?.writes?.[0].body).toEqual({ userId: 'user-42', keen });
    expect(update.notes).toContain(
      'expect.shared removed, because every mode now has its own expectation',
    );
  });

  it('leaves a matching file unchanged', async () => {
    const update = await updateScenarioFile(FILE, TEXT, scenario, [
      run('device', []),
      run('cloud', []),
    ]);
    expect(update.after).toBe(TEXT);
  });

  it('reports a run that recorded nothing', async () => {
    const failed = { ...run('cloud', []), records: undefined, errors: ['timed out\nstack'] };
    const update = await updateScenarioFile(FILE, TEXT, scenario, [failed]);
    expect(update.incomplete).toBe(true);
    expect(update.notes).toEqual([
      'cloud: not updated, because the run recorded nothing: timed out',
    ]);
  });
});
