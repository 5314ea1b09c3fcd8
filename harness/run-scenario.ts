import { performance } from 'node:perf_hooks';
import type { Browser, TestInfo } from '@playwright/test';
import type {
  Expectation,
  ExpectedResult,
  KeenSettings,
  Mode,
  Scenario,
} from '../schemas/generated/types.js';
import { MockKeenClient } from '../mock-keen/client.js';
import { runCloud } from './cloud/run.js';
import type { MessageResult } from './cloud/run.js';
import { judgeWrites } from './matching/judge.js';
import type { RecordedWrite, Verdict } from './matching/judge.js';
import type { Difference } from './matching/match-value.js';
import { callsForMode } from './scenarios/load.js';
import { SettingsError, fillDefaults, validateSettings } from './settings.js';
import { isKeenDisabledAtLoad } from './device/load-integrations.js';
import type { RunnableTarget } from './targets/runtime.js';
import { describeRequests } from './reporting/attachments.js';
import { bundleOf, startBundle, type BundleRecorder } from './bundles/recorder.js';
import { redactSettings } from './bundles/redact.js';
import { displayPath } from './bundles/find.js';
import type { RunTimings } from './run-timings.js';

/** Collection of the sentinel track that marks the end of a run; its writes are never judged. */
export const SENTINEL_COLLECTION = 'keen-harness-sentinel';

/** Maximum time one run may take to settle before it fails. */
export const SETTLE_TIMEOUT_MS = 15_000;

export interface ScenarioRunContext {
  scenario: Scenario;
  file: string;
  mode: Mode;
  mockUrl: string;
  cloudDestinationUrl: string;
  browser?: Browser;
  testInfo: TestInfo;
  /** The implementation under test; the reference destination when absent. */
  target?: RunnableTarget;
}

/** A run whose Keen writes or message results differ from the scenario's expectation. */
export class ConformanceError extends Error {
  override name = 'ConformanceError';
}

export interface ScenarioRunResult {
  runId: string | null;
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
  bundleOf(testInfo)?.attach(name, value);
  const shown = name === 'settings.json' ? redactSettings(value) : value;
  await testInfo.attach(name, {
    body: JSON.stringify(shown, null, 2),
    contentType: 'application/json',
  });
}

/**
 * Fills and checks the settings. Returns null when the scenario expects the harness to reject
 * them and it does, so that no destination is started; throws on any other outcome.
 */
function prepareSettings(
  scenario: Scenario,
  expectation: Expectation,
  label: string,
): KeenSettings | null {
  const filled = fillDefaults(scenario.settings);
  const expected = expectation.settingsError;
  if (scenario.checkSettings === false) return filled;
  try {
    validateSettings(filled);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    if (!expected) {
      throw new Error(`${label}: configuration error: ${error.message}`, { cause: error });
    }
    const missing = expected.filter(
      (name) => !error.problems.some((problem) => problem.startsWith(name)),
    );
    if (missing.length > 0) {
      throw new Error(
        `${label}: settings were rejected (${error.message}), but not for ${missing.join(', ')}`,
        { cause: error },
      );
    }
    return null;
  }
  if (expected) {
    throw new Error(
      `${label}: expected the settings to be rejected for ${expected.join(', ')}, but they were accepted`,
    );
  }
  return filled;
}

/**
 * Picks the sentinel collection, or null where no sentinel could reach Keen: without a project or
 * a write key no write can happen, and a device run whose load options disable "Keen IO" loads no
 * Keen code at all. Such runs settle by a quiet period.
 */
export function pickSentinel(
  scenario: Scenario,
  mode: Mode,
  settings: KeenSettings,
): string | null {
  if (!settings.projectId || !settings.writeKey) return null;
  if (mode === 'device' && isKeenDisabledAtLoad(scenario.device?.loadIntegrations)) return null;
  return SENTINEL_COLLECTION;
}

/** Compares the destination's own results with the expected ones, field by field where given. */
export function judgeResults(expected: ExpectedResult[], actual: MessageResult[]): Difference[] {
  const differences: Difference[] = [];
  if (expected.length !== actual.length) {
    differences.push({
      pointer: '/results',
      expected: expected.length,
      actual: actual.length,
      message: `expected ${expected.length} message result(s), got ${actual.length}: ${JSON.stringify(actual)}`,
    });
  }
  expected.forEach((want, index) => {
    const got = actual[index] as unknown as Record<string, unknown> | undefined;
    for (const [field, value] of Object.entries(want)) {
      if (got?.[field] !== value) {
        differences.push({
          pointer: `/results/${index}/${field}`,
          expected: value,
          actual: got?.[field],
          message: 'differs',
        });
      }
    }
  });
  return differences;
}

function formatDifferences(differences: Difference[], pointer: string): string {
  return differences
    .map(
      (difference) =>
        `  ${pointer}${difference.pointer}: ${difference.message}\n      expected: ${JSON.stringify(difference.expected)}\n      actual:   ${JSON.stringify(difference.actual)}`,
    )
    .join('\n');
}

/** Fails the run when the page's guard aborted a request to a host other than 127.0.0.1. */
function assertNothingBlocked(label: string, blockedRequests: string[]): void {
  if (blockedRequests.length === 0) return;
  throw new ConformanceError(
    `${label}: the page requested hosts outside 127.0.0.1, which the guard aborted:\n  ${blockedRequests.join('\n  ')}`,
  );
}

/**
 * Runs one scenario in one mode against a target, by default the reference destination, and judges
 * the Keen writes the mock recorded. Throws with a message naming the scenario, mode, file and JSON
 * pointers on failure, and the run bundle written under the test's output folder.
 */
export async function runScenario(context: ScenarioRunContext): Promise<ScenarioRunResult> {
  const bundle = startBundle(context.testInfo, {
    scenarioId: context.scenario.id,
    file: context.file,
    mode: context.mode,
    target: context.target?.name ?? null,
    sentinel: SENTINEL_COLLECTION,
  });
  try {
    const result = await runAndJudge(context, bundle);
    await bundle.write();
    return result;
  } catch (error) {
    await bundle.collectAfterFailure(new MockKeenClient(context.mockUrl), error);
    const dir = await bundle.write(error);
    if (error instanceof Error) {
      // A runner's own errors (a timeout, a closed browser) do not say which scenario they belong to.
      const label = `scenario ${context.scenario.id} [${context.mode}] (${context.file})`;
      if (!error.message.startsWith(label)) error.message = `${label}: ${error.message}`;
      error.message += `\n  run bundle: ${displayPath(dir)} (keen-harness show ${bundle.runId ?? dir})`;
    }
    throw error;
  }
}

async function runAndJudge(
  context: ScenarioRunContext,
  bundle: BundleRecorder,
): Promise<ScenarioRunResult> {
  const { scenario, mode, testInfo } = context;
  const label = `scenario ${scenario.id} [${mode}] (${context.file})`;
  const { expectation, pointer } = expectationFor(scenario, mode);

  const settings = prepareSettings(scenario, expectation, label);
  if (!settings) {
    const verdict = { passed: true, differences: [], report: '' };
    return { runId: null, verdict, records: [] };
  }
  await attachJson(testInfo, 'settings.json', settings);
  await attachJson(testInfo, 'expected.json', expectation);

  const runId = makeRunId(scenario, mode, testInfo);
  bundle.runId = runId;
  const mock = new MockKeenClient(context.mockUrl);
  // An empty key cannot be registered; a run without a write key is refused before any write.
  const keys: { key: string; kind: 'write' | 'read' }[] = [];
  if (settings.writeKey) keys.push({ key: settings.writeKey, kind: 'write' });
  if (settings.readKey) keys.push({ key: settings.readKey, kind: 'read' });
  await mock.registerRun(
    runId,
    settings.projectId ? [{ projectId: settings.projectId, keys }] : [],
  );
  if (scenario.faults) await mock.setFaults(runId, scenario.faults);
  bundle.runnerStarted();

  const sentinel = pickSentinel(scenario, mode, settings);
  const calls = callsForMode(scenario, mode);
  let results: MessageResult[] = [];
  let timings: RunTimings;
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
      sentinel,
      timeoutMs: SETTLE_TIMEOUT_MS,
      integration: context.target?.integration,
    });
    timings = output.timings;
    await attachJson(testInfo, 'browser.json', output);
    assertNothingBlocked(label, output.blockedRequests);
  } else if (scenario.cloud?.client === 'analytics-next') {
    if (!context.browser) throw new Error(`${label}: no browser for web cloud mode`);
    const { runWebCloud } = await import('./device/web-cloud.js');
    const output = await runWebCloud({
      browser: context.browser,
      destinationUrl: context.target?.cloud?.baseUrl ?? context.cloudDestinationUrl,
      configureSource: context.target?.cloud?.configureSource,
      readResults: context.target?.cloud?.readResults,
      mockUrl: context.mockUrl,
      runId,
      settings,
      calls,
      sentinel,
      timeoutMs: SETTLE_TIMEOUT_MS,
    });
    results = output.results;
    timings = output.timings;
    await attachJson(testInfo, 'browser.json', output);
    await attachJson(testInfo, 'destination-results.json', results);
    assertNothingBlocked(label, output.blockedRequests);
  } else {
    const output = await runCloud({
      destinationUrl: context.target?.cloud?.baseUrl ?? context.cloudDestinationUrl,
      configureSource: context.target?.cloud?.configureSource,
      readResults: context.target?.cloud?.readResults,
      mockUrl: context.mockUrl,
      runId,
      settings,
      calls,
      sentinel,
      timeoutMs: SETTLE_TIMEOUT_MS,
      client: scenario.cloud?.client === 'http' ? 'http' : 'analytics-node',
    });
    results = output.results;
    timings = output.timings;
    await attachJson(testInfo, 'destination-results.json', results);
  }

  bundle.runnerFinished();
  const journal = await mock.records(runId);
  bundle.requests = await mock.requests(runId);
  const all = journal as RecordedWrite[];
  await attachJson(testInfo, 'keen-records.json', all);
  await attachJson(testInfo, 'keen-requests.json', describeRequests(journal));
  await mock.resetRun(runId);
  const records = all.filter((record) => record.collection !== SENTINEL_COLLECTION);
  const verdict = judgeWrites(expectation.writes ?? [], records);
  const resultDifferences = expectation.results ? judgeResults(expectation.results, results) : [];
  const writesChecked = expectation.writes !== undefined || expectation.settingsError !== undefined;
  bundle.judged();
  await attachJson(testInfo, 'timings.json', { ...timings, judgedAt: performance.now() });

  const failures: string[] = [];
  if (writesChecked && !verdict.passed)
    failures.push(verdict.report.replace(/\/writes\//g, `${pointer}/writes/`));
  if (resultDifferences.length > 0) failures.push(formatDifferences(resultDifferences, pointer));
  if (failures.length > 0)
    throw new ConformanceError(`${label} does not conform:\n${failures.join('\n')}`);
  return { runId, verdict, records };
}
