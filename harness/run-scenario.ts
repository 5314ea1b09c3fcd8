import type { Browser, TestInfo } from '@playwright/test';
import type { Expectation, Mode, Scenario } from '../schemas/generated/types.js';
import { MockKeenClient } from '../mock-keen/client.js';
import { runCloud } from './cloud/run.js';
import { judgeWrites } from './matching/judge.js';
import type { RecordedWrite, Verdict } from './matching/judge.js';
import { callsForMode } from './scenarios/load.js';
import { fillDefaults, validateSettings } from './settings.js';

/** Collection of the sentinel track that marks the end of a run; its writes are never judged. */
export const SENTINEL_COLLECTION = 'keen-harness-sentinel';

/** Longest time one run may take to settle before it fails. */
export const SETTLE_TIMEOUT_MS = 15_000;

export interface ScenarioRunContext {
  scenario: Scenario;
  file: string;
  mode: Mode;
  mockUrl: string;
  cloudDestinationUrl: string;
  browser?: Browser;
  testInfo: TestInfo;
}

export interface ScenarioRunResult {
  runId: string;
  verdict: Verdict;
  records: RecordedWrite[];
}

/** Returns the expectation for a mode and the pointer of where it sits in the scenario file. */
export function expectationFor(
  scenario: Scenario,
  mode: Mode,
): { expectation: Expectation; pointer: string } {
  const own = scenario.expect[mode];
  if (own) return { expectation: own, pointer: `/expect/${mode}` };
  if (scenario.expect.shared)
    return { expectation: scenario.expect.shared, pointer: '/expect/shared' };
  throw new Error(
    `scenario ${scenario.id} has no expectation for ${mode} mode: add expect.${mode} or expect.shared`,
  );
}

/** Builds a run id that is unique per scenario, mode, worker and attempt, and safe in a URL path. */
export function makeRunId(scenario: Scenario, mode: Mode, testInfo: TestInfo): string {
  const slug = scenario.id.replace(/[^A-Za-z0-9._-]+/g, '.').slice(0, 80);
  const random = Math.random().toString(36).slice(2, 8);
  return `${slug}.${mode}.w${testInfo.workerIndex}.r${testInfo.retry}.${random}`;
}

async function attachJson(testInfo: TestInfo, name: string, value: unknown): Promise<void> {
  await testInfo.attach(name, {
    body: JSON.stringify(value, null, 2),
    contentType: 'application/json',
  });
}

/**
 * Runs one scenario in one mode against the reference destination and judges the Keen writes the
 * mock recorded. Throws with a message naming the scenario, mode, file and JSON pointers on failure.
 */
export async function runScenario(context: ScenarioRunContext): Promise<ScenarioRunResult> {
  const { scenario, mode, testInfo } = context;
  const label = `scenario ${scenario.id} [${mode}] (${context.file})`;
  const { expectation, pointer } = expectationFor(scenario, mode);

  let settings;
  try {
    settings = validateSettings(fillDefaults(scenario.settings));
  } catch (error) {
    throw new Error(`${label}: configuration error: ${(error as Error).message}`);
  }
  await attachJson(testInfo, 'settings.json', settings);

  const runId = makeRunId(scenario, mode, testInfo);
  const mock = new MockKeenClient(context.mockUrl);
  const keys = [{ key: settings.writeKey, kind: 'write' as const }];
  if (settings.readKey) keys.push({ key: settings.readKey, kind: 'read' as const });
  await mock.registerRun(runId, [{ projectId: settings.projectId, keys }]);

  const calls = callsForMode(scenario, mode);
  if (mode === 'device') {
    if (!context.browser) throw new Error(`${label}: no browser for device mode`);
    // Loaded on demand, so that cloud-only runs never load the browser-side code.
    const { runDevice } = await import('./device/run.js');
    const output = await runDevice({
      browser: context.browser,
      mockUrl: context.mockUrl,
      runId,
      settings,
      calls,
      options: scenario.device ?? {},
      sentinel: SENTINEL_COLLECTION,
      timeoutMs: SETTLE_TIMEOUT_MS,
    });
    await attachJson(testInfo, 'browser.json', output);
    if (output.blockedRequests.length > 0) {
      throw new Error(
        `${label}: the page requested hosts outside 127.0.0.1, which the guard aborted:\n  ${output.blockedRequests.join('\n  ')}`,
      );
    }
  } else {
    const output = await runCloud({
      destinationUrl: context.cloudDestinationUrl,
      mockUrl: context.mockUrl,
      runId,
      settings,
      calls,
      sentinel: SENTINEL_COLLECTION,
      timeoutMs: SETTLE_TIMEOUT_MS,
    });
    await attachJson(testInfo, 'destination-results.json', output.results);
  }

  const all = (await mock.records(runId)) as RecordedWrite[];
  await attachJson(testInfo, 'keen-records.json', all);
  await mock.resetRun(runId);
  const records = all.filter((record) => record.collection !== SENTINEL_COLLECTION);
  const verdict = judgeWrites(expectation.writes, records);
  if (!verdict.passed) {
    const report = verdict.report.replace(/\/writes\//g, `${pointer}/writes/`);
    throw new Error(`${label} does not conform:\n${report}`);
  }
  return { runId, verdict, records };
}
