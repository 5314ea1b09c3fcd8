import { readFile } from 'node:fs/promises';

import type { RunTimings } from '../../harness/run-timings.js';

/** One scenario run as Playwright's JSON report has it. */
export interface ScenarioRun {
  title: string;
  mode: 'device' | 'cloud';
  status: string;
  /** Milliseconds of the test, fixtures included. */
  durationMs: number;
  /** The runner's marks, from `timings.json` or from the `timings` of `browser.json`. */
  timings: (RunTimings & { judgedAt?: number }) | null;
}

interface ReportAttachment {
  name: string;
  body?: string;
}

interface ReportSuite {
  suites?: ReportSuite[];
  specs?: Array<{
    title: string;
    tests: Array<{
      results: Array<{ duration: number; status: string; attachments: ReportAttachment[] }>;
    }>;
  }>;
}

function readAttachment(
  attachments: ReportAttachment[],
  name: string,
): Record<string, unknown> | null {
  const body = attachments.find((attachment) => attachment.name === name)?.body;
  return body === undefined
    ? null
    : (JSON.parse(Buffer.from(body, 'base64').toString('utf8')) as Record<string, unknown>);
}

function readTimings(attachments: ReportAttachment[]): ScenarioRun['timings'] {
  const own = readAttachment(attachments, 'timings.json');
  if (own !== null) return own as unknown as ScenarioRun['timings'];
  const browser = readAttachment(attachments, 'browser.json');
  return (browser?.timings as ScenarioRun['timings']) ?? null;
}

function collect(suite: ReportSuite, runs: ScenarioRun[]): void {
  for (const spec of suite.specs ?? []) {
    const mode = /\[(device|cloud)\]$/.exec(spec.title)?.[1] as ScenarioRun['mode'] | undefined;
    if (mode === undefined) continue;
    for (const test of spec.tests) {
      for (const result of test.results) {
        runs.push({
          title: spec.title,
          mode,
          status: result.status,
          durationMs: result.duration,
          timings: readTimings(result.attachments),
        });
      }
    }
  }
  for (const child of suite.suites ?? []) collect(child, runs);
}

/** Read every scenario run of a Playwright JSON report. */
export async function readScenarioRuns(file: string): Promise<ScenarioRun[]> {
  const report = JSON.parse(await readFile(file, 'utf8')) as { suites: ReportSuite[] };
  const runs: ScenarioRun[] = [];
  for (const suite of report.suites) collect(suite, runs);
  return runs;
}
