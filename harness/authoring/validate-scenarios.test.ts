import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatAuthoringProblem } from './finding.js';
import { renderScenarioJson } from './json-text.js';
import { scaffoldScenario } from './scaffold.js';
import { checkScenario, validateScenarioFiles } from './validate-scenarios.js';

const example = resolve('scenarios/cloud-track/server-example.json');

async function folderWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'keen-harness-validate-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

describe('validateScenarioFiles', () => {
  it('passes the catalogue example', async () => {
    const report = await validateScenarioFiles([example]);
    expect(report.problems).toEqual([]);
  });

  it('locates a finding by line and column', async () => {
    const text = (await readFile(example, 'utf8')).replace(
      '"writeKey":',
      '"trackAllPage": true,\n    "writeKey":',
    );
    const dir = await folderWith({ 'a.json': text });
    const [problem] = (await validateScenarioFiles([dir], dir)).problems;
    expect(formatAuthoringProblem(problem)).toBe(
      'a.json:12:5: /settings/trackAllPage unknown setting "trackAllPage": destinations ignore it\n' +
        '    hint: did you mean "trackAllPages"?',
    );
  });

  it('reports duplicate ids at the second file', async () => {
    const text = await readFile(example, 'utf8');
    const dir = await folderWith({ 'a.json': text, 'b.json': text });
    const report = await validateScenarioFiles([dir], dir);
    expect(report.problems.map(formatAuthoringProblem)[0]).toMatch(
      /^b\.json:4:3: \/id duplicates the id "cloud-track\/server-example" of a\.json\n {4}hint: /,
    );
  });

  it('explains a misspelt matcher in one problem', async () => {
    const text = (await readFile(example, 'utf8')).replace(
      '"revenue": 19.99,\n            "userId"',
      '"revenue": { "$match": "keen-ipv6" },\n            "userId"',
    );
    const line = text.split('\n').findIndex((row) => row.includes('keen-ipv6')) + 1;
    const dir = await folderWith({ 'a.json': text });
    const report = await validateScenarioFiles([dir], dir);
    expect(report.problems.map(formatAuthoringProblem)).toEqual([
      `a.json:${line}:13: /expect/cloud/writes/0/body/revenue unknown matcher "keen-ipv6"\n` +
        '    hint: did you mean "keen-ip"? the matchers are any, absent, iso-date-time, uuid, keen-id, keen-ip, keen-user-agent, type, regex, range, subset, unordered',
    ]);
  });

  it('accepts the keen-ip matcher', async () => {
    const text = (await readFile(example, 'utf8')).replace(
      '"revenue": 19.99,\n            "userId"',
      '"revenue": 19.99,\n            "ip": { "$match": "keen-ip" },\n            "userId"',
    );
    const dir = await folderWith({ 'a.json': text });
    const report = await validateScenarioFiles([dir], dir);
    expect(report.problems).toEqual([]);
  });

  it('rejects a missing path', async () => {
    await expect(validateScenarioFiles(['no/such/folder'])).rejects.toThrow(
      'scenario path not found: no/such/folder',
    );
  });
});

describe('scaffoldScenario', () => {
  for (const rule of ['1.1', '3.5', '4.7', '5']) {
    it(`is valid for rule ${rule}`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'keen-harness-scaffold-'));
      const file = join(dir, 'new.json');
      const scenario = scaffoldScenario({
        id: 'new/scenario',
        rule,
        file,
        schemaFile: resolve('schemas/scenario.schema.json'),
      });
      await writeFile(file, await renderScenarioJson(scenario, file));
      const report = await validateScenarioFiles([file]);
      expect(report.problems.map((problem) => problem.message)).toEqual([
        "still holds the template's placeholder",
        "still holds the template's placeholder",
      ]);
      expect(report.errorCount).toBe(0);
    });
  }

  it('has no error for a screen scenario in cloud mode', () => {
    const scenario = scaffoldScenario({
      id: 'cloud-page/screen',
      rule: '5',
      file: '/x/scenarios/cloud-page/screen.json',
      schemaFile: '/x/schemas/scenario.schema.json',
    });
    expect(scenario.$schema).toBe('../../schemas/scenario.schema.json');
    expect(scenario.calls[0].type).toBe('screen');
    expect(checkScenario(scenario).filter((finding) => finding.severity === 'error')).toEqual([]);
  });
});
