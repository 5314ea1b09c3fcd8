import { readFile } from 'node:fs/promises';
import type { JSONReport, JSONReportSuite } from '@playwright/test/reporter';
import type { Mode } from '../../schemas/generated/types.js';
import type { MessageResult } from '../cloud/run.js';
import type { RecordedWrite } from '../matching/judge.js';
import { SENTINEL_COLLECTION } from '../run-scenario.js';

/** One scenario run as the Playwright report records it: its Keen writes and cloud results. */
export interface RecordedRun {
  id: string;
  mode: Mode;
  /** Title of the enclosing describe block: the target's name, or null outside any block. */
  target: string | null;
  status: string;
  /** The run's writes without the sentinel; undefined when the run recorded none (settingsError, or a failure before the calls). */
  records?: RecordedWrite[];
  /** The cloud destination's result per message; undefined in device mode. */
  results?: MessageResult[];
  errors: string[];
}

/** Names of the attachments `runScenario` adds to each test. */
export const RECORDS_ATTACHMENT = 'keen-records.json';
export const RESULTS_ATTACHMENT = 'destination-results.json';

/** The conformance test title is `{scenario id} [{mode}]`. */
const TITLE = /^(.+) \[(device|cloud)\]$/;

type Attachment =
  JSONReport['suites'][number]['specs'][number]['tests'][number]['results'][number]['attachments'][number];

async function readAttachment(attachment: Attachment | undefined): Promise<unknown> {
  if (!attachment) return undefined;
  if (attachment.body !== undefined) {
    return JSON.parse(Buffer.from(attachment.body, 'base64').toString('utf8'));
  }
  if (attachment.path) return JSON.parse(await readFile(attachment.path, 'utf8'));
  return undefined;
}

async function collectRuns(
  suite: JSONReportSuite,
  target: string | null,
  runs: RecordedRun[],
): Promise<void> {
  for (const child of suite.suites ?? []) await collectRuns(child, child.title, runs);
  for (const spec of suite.specs) {
    const title = TITLE.exec(spec.title);
    if (!title) continue;
    for (const test of spec.tests) {
      const result = test.results.at(-1);
      if (!result) continue;
      const find = (name: string) => result.attachments.find((item) => item.name === name);
      const records = (await readAttachment(find(RECORDS_ATTACHMENT))) as
        RecordedWrite[] | undefined;
      runs.push({
        id: title[1],
        mode: title[2] as Mode,
        target,
        status: result.status ?? 'unknown',
        records: records?.filter((record) => record.collection !== SENTINEL_COLLECTION),
        results: (await readAttachment(find(RESULTS_ATTACHMENT))) as MessageResult[] | undefined,
        errors: result.errors.map((error) => error.message),
      });
    }
  }
}

/** Reads every conformance run from a report written by Playwright's JSON reporter. */
export async function readRecordedRuns(reportFile: string): Promise<RecordedRun[]> {
  const report = JSON.parse(await readFile(reportFile, 'utf8')) as JSONReport;
  const runs: RecordedRun[] = [];
  // Top-level suites are files; describe blocks below them are targets.
  for (const suite of report.suites) await collectRuns(suite, null, runs);
  return runs;
}
