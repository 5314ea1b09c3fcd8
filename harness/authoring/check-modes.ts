import type { Mode, Scenario } from '../../schemas/generated/types.js';
import type { Findings } from './finding.js';
import { indexedCallsForMode, modeExpectations } from './scenario-parts.js';

const MODES: Mode[] = ['device', 'cloud'];

/** Fields only the raw http client sends; analytics.js and analytics-node drop them. */
const HTTP_CLIENT_FIELDS = ['channel', '_metadata'] as const;

/**
 * Reports expectations, options and calls that no run of the scenario can reach: a mode the
 * scenario does not run, a mode without calls, or a call the mode's client cannot make.
 */
export function checkModes(scenario: Scenario, findings: Findings): void {
  checkUnrunModes(scenario, findings);
  checkCallModes(scenario, findings);
  for (const mode of scenario.modes) checkCallsOfMode(scenario, mode, findings);
  for (const { mode, expectation, pointer } of modeExpectations(scenario)) {
    const calls = indexedCallsForMode(scenario, mode);
    const writes = expectation.writes ?? [];
    // With initialPageview the loader makes a page call of its own, so a write can come without calls.
    const loaderPage = mode === 'device' && scenario.device?.initialPageview === true;
    if (writes.length > 0 && calls.length === 0 && !loaderPage) {
      findings.error(
        `${pointer}/writes`,
        `expects ${writes.length} write(s) in ${mode} mode, but no call is made in ${mode} mode`,
        `add ${mode} to the "modes" of a call, or expect "writes": [] for ${mode}`,
      );
    }
    if (expectation.results) {
      checkResults(expectation.results.length, mode, pointer, calls.length, findings);
    }
  }
}

function checkUnrunModes(scenario: Scenario, findings: Findings): void {
  for (const mode of MODES) {
    if (scenario.modes.includes(mode)) continue;
    if (scenario.expect[mode]) {
      findings.error(
        `/expect/${mode}`,
        `is never used: the scenario does not run in ${mode} mode`,
        `add "${mode}" to modes, or remove expect.${mode}`,
      );
    }
    if (scenario[mode]) {
      findings.warning(
        `/${mode}`,
        `options are never used: the scenario does not run in ${mode} mode`,
        `add "${mode}" to modes, or remove "${mode}"`,
      );
    }
  }
  const missing = scenario.modes.filter(
    (mode) => !scenario.expect[mode] && !scenario.expect.shared,
  );
  if (missing.length > 0) {
    findings.error(
      '/expect',
      `has no expectation for ${missing.join(' and ')} mode`,
      `add ${missing.map((mode) => `expect.${mode}`).join(' and ')}, or expect.shared for every mode`,
    );
  }
  if (scenario.expect.shared && scenario.modes.every((mode) => scenario.expect[mode])) {
    findings.error(
      '/expect/shared',
      'is never used: every mode of the scenario has its own expectation',
      'remove expect.shared, or move the common expectation into it',
    );
  }
}

function checkCallModes(scenario: Scenario, findings: Findings): void {
  scenario.calls.forEach((call, index) => {
    call.modes?.forEach((mode, position) => {
      if (scenario.modes.includes(mode)) return;
      findings.error(
        `/calls/${index}/modes/${position}`,
        `names ${mode} mode, which the scenario does not run, so the call is never made there`,
        `add "${mode}" to the scenario's modes, or remove it from the call`,
      );
    });
  });
}

/** Names the client that makes a mode's calls: analytics.js in the browser, or a server client. */
function clientOf(scenario: Scenario, mode: Mode): 'analytics.js' | 'analytics-node' | 'http' {
  if (mode === 'device') return 'analytics.js';
  // Web cloud mode: analytics.js in Chromium sends the calls to the collection API.
  const client = scenario.cloud?.client as string | undefined;
  if (client === 'analytics-next') return 'analytics.js';
  return client === 'http' ? 'http' : 'analytics-node';
}

function checkCallsOfMode(scenario: Scenario, mode: Mode, findings: Findings): void {
  const client = clientOf(scenario, mode);
  for (const { call, index } of indexedCallsForMode(scenario, mode)) {
    if (client === 'analytics.js' && call.type === 'screen') {
      findings.error(
        `/calls/${index}/type`,
        `is a screen call, which ${mode} mode cannot make here: analytics.js has no screen call for the web`,
        mode === 'device'
          ? 'add "modes": ["cloud"] to the call, or remove device from the scenario\'s modes'
          : 'use the analytics-node or http client for screen calls',
      );
    }
    for (const field of HTTP_CLIENT_FIELDS) {
      if (call[field] === undefined || client === 'http') continue;
      findings.error(
        `/calls/${index}/${field}`,
        `is never sent in ${mode} mode: ${client === 'analytics.js' ? 'analytics.js' : 'the analytics-node client'} does not send it as written`,
        mode === 'device'
          ? 'add "modes": ["cloud"] to the call and set "cloud": {"client": "http"}'
          : 'set "cloud": {"client": "http"} so the messages are posted exactly as written',
      );
    }
  }
}

function checkResults(
  resultCount: number,
  mode: Mode,
  pointer: string,
  callCount: number,
  findings: Findings,
): void {
  if (mode === 'device') {
    findings.error(
      `${pointer}/results`,
      "are the cloud destination's message results, which device mode never has",
      pointer === '/expect/shared'
        ? 'move results into expect.cloud'
        : 'remove results from the device expectation',
    );
    return;
  }
  if (resultCount !== callCount) {
    findings.error(
      `${pointer}/results`,
      `lists ${resultCount} result(s), but cloud mode makes ${callCount} call(s) and the destination reports one result per call`,
      'list one result per call made in cloud mode, in call order',
    );
  }
}
