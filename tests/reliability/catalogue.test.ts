import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { loadScenarios } from '../../harness/scenarios/load.js';
import { runCatalogue, type RunOutcome } from '../../reliability/catalogue-run.js';
import { classifyHistories, findFlakyResults } from '../../reliability/flaky.js';
import { findIsolationProblems, runIdPrefix } from '../../reliability/isolation.js';

const SUBSET = [
  'scenarios/cloud-track',
  'scenarios/device-track',
  'scenarios/cloud-page',
  'scenarios/cloud-silence',
];

const ROOT_DIR = join(tmpdir(), `keen-harness-reliability-${process.pid}`);

function reportDir(name: string): string {
  return join(ROOT_DIR, name);
}

afterAll(async () => {
  await rm(ROOT_DIR, { recursive: true, force: true });
});

async function catalogue() {
  return (await loadScenarios(['scenarios'])).map((loaded) => loaded.scenario);
}

function outcomeOf(scenarioId: string, records: object[]): RunOutcome {
  return {
    scenarioId,
    mode: 'cloud',
    target: 'reference',
    status: 'passed',
    error: null,
    attachments: { 'keen-records.json': records, 'settings.json': { projectId: 'p1' } },
  };
}

describe('isolation check', () => {
  it('passes records of the run', async () => {
    const runId = `${runIdPrefix('cloud-track/server-example', 'cloud')}w0.r0.abc`;
    const outcome = outcomeOf('cloud-track/server-example', [
      { runId, projectId: 'p1', collection: 'Purchased', body: { userId: 'user@example.com' } },
    ]);

    expect(findIsolationProblems([outcome], await catalogue())).toEqual([]);
  });

  it('flags another run id and project', async () => {
    const outcome = outcomeOf('cloud-track/server-example', [
      {
        runId: 'cloud-page.row-none.cloud.w1.r0.xyz',
        projectId: 'other',
        collection: 'Purchased',
        body: {},
      },
    ]);
    const problems = findIsolationProblems([outcome], await catalogue());

    expect(problems).toContainEqual(
      expect.stringContaining('does not start with cloud-track.server-example.cloud.'),
    );
    expect(problems).toContainEqual(expect.stringContaining('has project other, expected p1'));
  });

  it("flags another scenario's collection and userId", async () => {
    const scenarios = await catalogue();
    const other = scenarios.find(
      (scenario) => scenario.id === 'cloud-retries/500-once-then-delivered',
    )!;
    const runId = `${runIdPrefix('cloud-track/server-example', 'cloud')}w0.r0.abc`;
    const outcome = outcomeOf('cloud-track/server-example', [
      {
        runId,
        projectId: 'p1',
        collection: other.calls[0].event,
        body: { userId: other.calls[0].userId },
      },
    ]);
    const problems = findIsolationProblems([outcome], scenarios);

    expect(problems).toContainEqual(
      expect.stringContaining(`collection "${other.calls[0].event}"`),
    );
    expect(problems).toContainEqual(expect.stringContaining(`userId "${other.calls[0].userId}"`));
  });
});

describe('catalogue on 8 workers', () => {
  it('keeps every run to its own records', async () => {
    const run = await runCatalogue({
      paths: SUBSET,
      workers: 8,
      reportDir: reportDir('isolation'),
      timeoutMs: 240_000,
    });
    const failed = run.outcomes.filter((outcome) => outcome.status !== 'passed');
    const withRecords = run.outcomes.filter((outcome) =>
      Array.isArray(outcome.attachments['keen-records.json']),
    );

    expect(run.output).toContain('using 8 workers');
    expect(run.outcomes.length).toBeGreaterThanOrEqual(20);
    expect(
      failed.map((outcome) => `${outcome.scenarioId} [${outcome.mode}]: ${outcome.error}`),
    ).toEqual([]);
    expect(withRecords.length, 'runs with a keen-records.json attachment').toBe(
      run.outcomes.length,
    );
    expect(findIsolationProblems(run.outcomes, await catalogue())).toEqual([]);
    expect(run.exitCode, run.output.slice(-2000)).toBe(0);
  }, 300_000);
});

describe('flaky results', () => {
  it('classifies pass then fail as flaky', () => {
    const { flaky, alwaysFailing } = classifyHistories([
      { key: 'a', statuses: ['passed', 'passed'] },
      { key: 'b', statuses: ['passed', 'failed'] },
      { key: 'c', statuses: ['timedOut', 'failed'] },
    ]);

    expect(flaky.map((history) => history.key)).toEqual(['b']);
    expect(alwaysFailing.map((history) => history.key)).toEqual(['c']);
  });

  it('finds none in two runs of a subset', async () => {
    const report = await findFlakyResults({
      paths: ['scenarios/cloud-track', 'scenarios/device-track'],
      runs: 2,
      deadlineMs: 240_000,
      reportDir: reportDir('flaky'),
    });

    expect(report.runsMade).toBe(2);
    expect(report.brokenRuns).toEqual([]);
    expect(report.histories.every((history) => history.statuses.length === 2)).toBe(true);
    expect(report.flaky).toEqual([]);
    expect(report.alwaysFailing).toEqual([]);
  }, 300_000);
});
