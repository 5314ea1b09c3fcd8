import type { BrowserContext, Page } from '@playwright/test';
import type { HttpHandler } from 'msw';

import { createMockCore, type MockCore } from '../core/core.js';
import { checkFaultRules, type FaultRule, type InstalledFault } from '../core/faults.js';
import type { RecordFilter, WaitResult } from '../core/journal.js';
import { DEFAULT_RUN_ID } from '../core/route.js';
import type { JournalRecord, Outcome, ProjectConfig, RegistryMode } from '../core/types.js';
import { exposeResponder } from '../msw/binding.js';
import { handlersFor } from '../msw/handlers.js';
import { KeenResponder } from '../msw/responder.js';

export type { FaultMatch, FaultRule, InstalledFault } from '../core/faults.js';
export type { RecordFilter, WaitResult } from '../core/journal.js';
export type {
  JournalRecord,
  KeyConfig,
  KeyKind,
  Outcome,
  ProjectConfig,
  RegistryMode,
} from '../core/types.js';

export interface KeenMockOptions {
  /** Projects and their keys, registered for `runId`; default none. */
  projects?: ProjectConfig[];
  /** Strict accepts only `projects`; permissive creates a project on its first write. Default strict. */
  registry?: RegistryMode;
  /** The run whose projects are registered and whose journal the mock reads; default `default`, the run of unprefixed paths. */
  runId?: string;
  /** Base URLs of Keen's API that the handlers serve; default `https://api.keen.io`. A trailing `/3.0` is allowed. */
  baseUrls?: readonly string[];
  /** The address `${keen.ip}` becomes; default 127.0.0.1. */
  clientIp?: string;
}

/** A wait on the journal: how many records, which ones, and for how long. */
export interface WaitQuery {
  /** Records to wait for; default 1. */
  count?: number;
  collection?: string;
  outcome?: Outcome;
  /** Default 5000. */
  timeoutMs?: number;
}

const DEFAULT_WAIT_MS = 5_000;

/** A Keen mock for unit tests: MSW handlers over the mock's core, its journal and fault rules. */
export interface KeenMock {
  readonly core: MockCore;
  readonly runId: string;
  /** Handlers for `setupServer(...mock.handlers)` in Node. */
  readonly handlers: HttpHandler[];
  /** The run's journal records in receive order. */
  records(filter?: RecordFilter): JournalRecord[];
  /** Wait until the run has `count` matching records or the timeout passes; `satisfied` is false on timeout. */
  waitFor(wait?: WaitQuery): Promise<WaitResult>;
  /** Drop the run's records, stored events and fault rules; the projects stay registered. */
  reset(): void;
  /**
   * Add a fault rule to the run's write requests, after the rules already in force; the first
   * matching rule with requests left applies. The returned rule's `remaining` counts down.
   */
  injectFault(rule: FaultRule): InstalledFault;
  clearFaults(): void;
  /**
   * Serve the `setupWorker` handlers of every page in `target` (see `createKeenBrowserHandlers`)
   * through a Playwright binding. Call it before the page loads.
   */
  exposeTo(target: BrowserContext | Page, bindingName?: string): Promise<void>;
}

/** Create a Keen mock with its own core, for MSW's `setupServer` in Node or `setupWorker` in a page. */
export function createKeenMock(options: KeenMockOptions = {}): KeenMock {
  const core = createMockCore({ registry: options.registry ?? 'strict' });
  const runId = options.runId ?? DEFAULT_RUN_ID;
  const projects = options.projects ?? [];
  core.registry.registerRun(runId, projects);

  const responder = new KeenResponder(core, {
    baseUrls: options.baseUrls,
    clientIp: options.clientIp,
  });
  const handlers = handlersFor(responder);

  return {
    core,
    runId,
    handlers,
    records: (filter = {}) => core.journal.list(runId, filter),
    waitFor: ({ count = 1, timeoutMs = DEFAULT_WAIT_MS, ...filter } = {}) =>
      core.journal.wait(runId, filter, count, timeoutMs),
    reset() {
      core.resetRun(runId);
      core.registry.registerRun(runId, projects);
    },
    injectFault: (rule) => core.faults.add(runId, checkFaultRules([rule])[0]),
    clearFaults: () => core.faults.clear(runId),
    exposeTo: (target, bindingName) => exposeResponder(target, responder, bindingName),
  };
}
