import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioLoadError, loadScenarios, parseScenario } from './load.js';

const valid = {
  version: '1.0',
  id: 'demo/track',
  title: 'Demo',
  rule: '3.4',
  source: 'docs',
  modes: ['cloud'],
  calls: [{ type: 'track', event: 'A' }],
  expect: { cloud: { writes: [] } },
};

function problemsOf(text: string) {
  try {
    parseScenario('scenarios/demo.json', text);
  } catch (error) {
    if (error instanceof ScenarioLoadError) return error.problems;
    throw error;
  }
  return [];
}

describe('parseScenario', () => {
  it('accepts a valid scenario', () => {
    expect(parseScenario('x.json', JSON.stringify(valid)).scenario.id).toBe('demo/track');
  });

  it('reports the pointer and line of a wrong type', () => {
    const text = JSON.stringify({ ...valid, calls: [{ type: 'track', event: 5 }] }, null, 2);
    const [problem] = problemsOf(text);
    expect(problem.pointer).toBe('/calls/0/event');
    expect(problem.message).toBe('must be string');
    expect(problem.line).toBe(
      text.split('\n').findIndex((line) => line.includes('"event": 5')) + 1,
    );
  });

  it('reports a missing property', () => {
    const { title: _title, ...rest } = valid;
    const [problem] = problemsOf(JSON.stringify(rest));
    expect(problem.message).toBe('missing required property "title"');
  });

  it('reports invalid JSON with its position', () => {
    const [problem] = problemsOf('{\n  "id": }');
    expect(problem.message).toBe('is not valid JSON');
    expect(problem.line).toBe(2);
  });

  it('rejects an unknown major version', () => {
    const [problem] = problemsOf(JSON.stringify({ ...valid, version: '2.0' }));
    expect(problem.pointer).toBe('/version');
    expect(problem.message).toContain('reads major version 1');
  });

  it('rejects a malformed matcher', () => {
    const text = JSON.stringify({
      ...valid,
      expect: { cloud: { writes: [{ collection: 'A', body: { t: { $match: 'date' } } }] } },
    });
    expect(problemsOf(text).length).toBeGreaterThan(0);
  });

  it('reports only the chosen matcher branch', () => {
    const text = JSON.stringify({
      ...valid,
      expect: {
        cloud: {
          writes: [{ collection: 'A', body: { item: { $match: 'regex', pattern: '([' } } }],
        },
      },
    });
    const problems = problemsOf(text);
    expect(problems.map((problem) => `${problem.pointer} ${problem.message}`)).toEqual([
      '/expect/cloud/writes/0/body/item/pattern must match format "regex"',
    ]);
  });

  it('requires event on a track call', () => {
    const [problem] = problemsOf(JSON.stringify({ ...valid, calls: [{ type: 'track' }] }));
    expect(problem.message).toBe('missing required property "event"');
  });
});

describe('loadScenarios', () => {
  it('rejects duplicate ids across files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scenarios-'));
    await writeFile(join(dir, 'a.json'), JSON.stringify(valid));
    await writeFile(join(dir, 'b.json'), JSON.stringify(valid));
    await expect(loadScenarios([dir])).rejects.toThrow(/duplicate scenario id "demo\/track"/);
  });

  it('loads the catalogue', async () => {
    const loaded = await loadScenarios(['scenarios']);
    expect(loaded.length).toBeGreaterThanOrEqual(8);
  });
});
