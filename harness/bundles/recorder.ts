import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { TestInfo } from '@playwright/test';

import type { MockKeenClient } from '../../mock-keen/client.js';
import type { JournalRecord, RawRequest } from '../../mock-keen/core/types.js';
import { exportNdjson } from '../../mock-keen/export/ndjson.js';
import {
  BUNDLE_FILES,
  BUNDLE_FOLDER,
  BUNDLE_VERSION,
  type BundleManifest,
  type BundleTimings,
} from './bundle.js';
import type { RunTimings } from '../run-timings.js';
import { redactSettings, scrubKeys, settingsKeys } from './redact.js';

/** The scenario run a bundle belongs to. */
export interface BundleSubject {
  scenarioId: string;
  file: string;
  mode: string;
  target: string | null;
  /** Collection of the sentinel write, which ends the calls phase; it is never judged. */
  sentinel: string;
}

const recorders = new WeakMap<TestInfo, BundleRecorder>();

/** The runner's marks and the judge time, in milliseconds of `performance.now()`, as attached in timings.json. */
type RunMarks = RunTimings & { judgedAt: number };

function round(value: number | null): number | null {
  return value === null ? null : Math.round(value);
}

/** Milliseconds between two times, null when either is missing or they are out of order. */
function span(from: number | null, to: number | null): number | null {
  return from === null || to === null || to < from ? null : to - from;
}

/**
 * Collects what one scenario run produced and writes it as a bundle folder under the test's output
 * folder: raw requests, decoded records, settings, browser output and timings, keys redacted.
 */
export class BundleRecorder {
  runId: string | null = null;
  requests: RawRequest[] = [];
  private records: JournalRecord[] = [];
  private settings: unknown = null;
  private browser: unknown = null;
  private results: unknown = null;
  private keys: string[] = [];
  private readonly startedAt = Date.now();
  private marks: RunMarks | null = null;
  private runnerStartedAt: number | null = null;
  private runnerEndedAt: number | null = null;
  private judgedAt: number | null = null;

  constructor(
    private readonly testInfo: TestInfo,
    private readonly subject: BundleSubject,
  ) {}

  /** Keep a copy of a report attachment that the bundle also holds. */
  attach(name: string, value: unknown): void {
    if (name === 'settings.json') {
      this.keys = settingsKeys(value);
      this.settings = redactSettings(value);
    } else if (name === 'browser.json') {
      this.browser = value;
    } else if (name === 'destination-results.json') {
      this.results = value;
    } else if (name === 'keen-records.json') {
      this.records = value as JournalRecord[];
    } else if (name === 'timings.json') {
      this.marks = value as RunMarks;
    }
  }

  /**
   * Fill in what a failed run left uncollected: the records and raw requests still in the mock, and
   * the browser output a device run error carries.
   */
  async collectAfterFailure(client: MockKeenClient, error: unknown): Promise<void> {
    const output = (error as { output?: unknown } | null)?.output;
    if (this.browser === null && output !== undefined) this.browser = output;
    if (this.runnerStartedAt !== null && this.runnerEndedAt === null)
      this.runnerEndedAt = Date.now();
    if (this.runId === null || this.records.length > 0) return;
    try {
      this.records = await client.records(this.runId);
      this.requests = await client.requests(this.runId);
    } catch {
      // The mock is gone or the run was reset; the bundle keeps what it has.
    }
  }

  runnerStarted(): void {
    this.runnerStartedAt = Date.now();
  }

  runnerFinished(): void {
    this.runnerEndedAt = Date.now();
  }

  judged(): void {
    this.judgedAt = Date.now();
  }

  /** Write the bundle folder and return its path; the error, when given, is the run's failure. */
  async write(error?: unknown): Promise<string> {
    const dir = join(this.testInfo.outputDir, BUNDLE_FOLDER);
    await mkdir(dir, { recursive: true });

    const contents: Partial<Record<keyof typeof BUNDLE_FILES, string>> = {
      requests: JSON.stringify(this.requests, null, 2),
      records: JSON.stringify(this.records, null, 2),
      journal: exportNdjson(this.records, this.requests),
    };
    if (this.settings !== null) contents.settings = JSON.stringify(this.settings, null, 2);
    if (this.browser !== null) contents.browser = JSON.stringify(this.browser, null, 2);
    if (this.results !== null) contents.results = JSON.stringify(this.results, null, 2);

    const files: BundleManifest['files'] = {};
    for (const [kind, text] of Object.entries(contents) as Array<
      [keyof typeof BUNDLE_FILES, string]
    >) {
      files[kind] = BUNDLE_FILES[kind];
      await writeFile(join(dir, BUNDLE_FILES[kind]), scrubKeys(text, this.keys));
    }

    const manifest: BundleManifest = {
      version: BUNDLE_VERSION,
      runId: this.runId,
      scenario: { id: this.subject.scenarioId, file: this.subject.file, mode: this.subject.mode },
      target: this.subject.target,
      outcome: error === undefined ? 'passed' : 'failed',
      failure:
        error === undefined
          ? null
          : scrubKeys(String((error as Error).message ?? error), this.keys),
      createdAt: new Date(this.startedAt).toISOString(),
      timings: this.timings(),
      files,
    };
    await writeFile(
      join(dir, BUNDLE_FILES.manifest),
      scrubKeys(JSON.stringify(manifest, null, 2), this.keys),
    );
    return dir;
  }

  private timings(): BundleTimings {
    const totalMs = (this.judgedAt ?? Date.now()) - this.startedAt;
    if (this.marks !== null) {
      const { startedAt, readyAt, lastCallAt, settledAt, judgedAt } = this.marks;
      return {
        loadMs: round(span(startedAt, readyAt)),
        callsMs: round(span(readyAt, lastCallAt)),
        settleMs: round(span(lastCallAt ?? readyAt, settledAt)),
        judgeMs: round(span(settledAt, judgedAt)),
        totalMs,
      };
    }
    return this.estimatedTimings(totalMs);
  }

  /** Split the run at the receive times of its writes, for a run that ended before its marks were attached. */
  private estimatedTimings(totalMs: number): BundleTimings {
    const calls = this.records.filter((record) => record.collection !== this.subject.sentinel);
    const firstWrite = this.records.length === 0 ? null : Date.parse(this.records[0].receivedAt);
    const lastCall = calls.length === 0 ? null : Date.parse(calls[calls.length - 1].receivedAt);
    return {
      loadMs: span(this.runnerStartedAt, firstWrite),
      callsMs: span(firstWrite, lastCall),
      settleMs: span(lastCall ?? firstWrite, this.runnerEndedAt),
      judgeMs: span(this.runnerEndedAt, this.judgedAt),
      totalMs,
    };
  }
}

/** Start collecting the bundle of the run that `testInfo` belongs to. */
export function startBundle(testInfo: TestInfo, subject: BundleSubject): BundleRecorder {
  const recorder = new BundleRecorder(testInfo, subject);
  recorders.set(testInfo, recorder);
  return recorder;
}

/** Return the bundle being collected for `testInfo`, if any. */
export function bundleOf(testInfo: TestInfo): BundleRecorder | undefined {
  return recorders.get(testInfo);
}
