import { randomUUID } from 'node:crypto';

import { Ajv } from 'ajv';

import { findPresentedKey } from './auth.js';
import { decodeDataParameter, isJsonObject, parseJsonBytes } from './decode.js';
import type { Journal } from './journal.js';
import type { Registry } from './registry.js';
import { jsonReply } from './replies.js';
import type { Route } from './route.js';
import type { CoreRequest, CoreResponse, JournalRecord, WriteTransport } from './types.js';
import type { WriteForm } from './write.js';

/** The write requests a fault rule applies to. Every field given must match. */
export interface FaultMatch {
  /** HTTP method, compared without regard to case. */
  method?: string;
  /** Keen path without the run prefix, such as `/3.0/projects/*\/events`; `*` matches within one segment. */
  path?: string;
  transport?: WriteTransport;
  /** Matches when any event of the request belongs to this collection. */
  collection?: string;
}

/**
 * One fault of a run: which write requests it applies to and what the mock does instead of
 * Keen's normal reply. A rule with only `delayMs` delays the normal reply.
 */
export interface FaultRule {
  match?: FaultMatch;
  /** Status of the injected reply. */
  status?: number;
  /** Keen's `error_code` of the injected reply and of its journal records. */
  error_code?: string;
  /** `message` of the injected error reply. */
  message?: string;
  /** Reply body sent as JSON instead of the generated one. */
  body?: unknown;
  /** Reply with a body that is not JSON. */
  malformedBody?: boolean;
  /** Close the connection without any reply. */
  dropConnection?: boolean;
  /** Wait this many milliseconds before replying or closing. */
  delayMs?: number;
  /** How many matching requests the rule applies to; every matching request when absent. */
  times?: number;
}

/** A rule of a run with the number of requests it may still apply to (null: no limit). */
export interface InstalledFault {
  rule: FaultRule;
  remaining: number | null;
}

/** The write request a fault may apply to. */
export interface FaultTarget {
  request: CoreRequest;
  route: Route;
  query: URLSearchParams;
  form: WriteForm;
  transport: WriteTransport;
  /** The collection named in the path, null for a batch. */
  collection: string | null;
  cors: Record<string, string>;
}

const MAX_DELAY_MS = 60_000;

const matchSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    method: { type: 'string', minLength: 1 },
    path: { type: 'string', pattern: '^/' },
    transport: { enum: ['post', 'batch', 'jsonp', 'image', 'redirect', 'beacon', 'beacon-batch'] },
    collection: { type: 'string' },
  },
} as const;

const ruleSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    match: matchSchema,
    status: { type: 'integer', minimum: 200, maximum: 599 },
    error_code: { type: 'string', minLength: 1 },
    message: { type: 'string' },
    body: {},
    malformedBody: { type: 'boolean' },
    dropConnection: { type: 'boolean' },
    delayMs: { type: 'integer', minimum: 0, maximum: MAX_DELAY_MS },
    times: { type: 'integer', minimum: 1 },
  },
  anyOf: [
    { required: ['dropConnection'], properties: { dropConnection: { const: true } } },
    { required: ['status', 'error_code'] },
    { required: ['status', 'body'] },
    { required: ['status', 'malformedBody'], properties: { malformedBody: { const: true } } },
    {
      required: ['delayMs'],
      not: {
        anyOf: ['status', 'error_code', 'body', 'malformedBody', 'dropConnection'].map((name) => ({
          required: [name],
        })),
      },
    },
  ],
} as const;

const validateRules = new Ajv({ allErrors: true }).compile<FaultRule[]>({
  type: 'array',
  items: ruleSchema,
});

/** A list of fault rules that breaks the format, with what is wrong. */
export class FaultRuleError extends Error {}

/**
 * Check a list of fault rules. A rule needs `dropConnection: true`; or a `status` with
 * `error_code`, `body` or `malformedBody: true`; or `delayMs` alone.
 */
export function checkFaultRules(rules: unknown): FaultRule[] {
  if (validateRules(rules)) return rules;
  const details = validateRules.errors
    ?.map((error) => `${error.instancePath || '/'} ${error.message}`)
    .join('; ');
  throw new FaultRuleError(
    `The fault rules are invalid: ${details}. Each rule needs dropConnection: true; or status with error_code, body or malformedBody: true; or delayMs alone.`,
  );
}

/** Whether a rule replaces Keen's reply; a rule that does not only delays it. */
function replacesReply(rule: FaultRule): boolean {
  return rule.dropConnection === true || rule.status !== undefined;
}

function pathPattern(path: string): RegExp {
  const escaped = path.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('[^/]*')}$`);
}

/** The events a write request carried, for matching and journaling; empty when they cannot be decoded. */
function readEvents(target: FaultTarget): Array<{ collection: string | null; body: unknown }> {
  try {
    if (target.form === 'batch') {
      const batch = parseJsonBytes(target.request.rawBody, 'InvalidBatchError', 'batch body');
      if (!isJsonObject(batch)) return [];
      return Object.entries(batch).flatMap(([collection, events]) =>
        Array.isArray(events) ? events.map((body) => ({ collection, body })) : [],
      );
    }
    const bytes =
      target.form === 'get'
        ? decodeDataParameter(target.query.get('data'))
        : target.request.rawBody;
    return [
      { collection: target.collection, body: parseJsonBytes(bytes, 'InvalidEventError', 'body') },
    ];
  } catch {
    return [];
  }
}

function matches(
  match: FaultMatch,
  target: FaultTarget,
  collections: Array<string | null>,
): boolean {
  if (
    match.method !== undefined &&
    match.method.toUpperCase() !== target.request.method.toUpperCase()
  )
    return false;
  if (match.path !== undefined && !pathPattern(match.path).test(target.route.keenPath))
    return false;
  if (match.transport !== undefined && match.transport !== target.transport) return false;
  if (match.collection !== undefined && !collections.includes(match.collection)) return false;
  return true;
}

/** Build the reply a rule injects: a malformed body, its own body, per-item failures, or Keen's error shape. */
function injectedReply(
  rule: FaultRule,
  target: FaultTarget,
  events: Array<{ collection: string | null }>,
): CoreResponse {
  const status = rule.status as number;
  if (rule.malformedBody) {
    const headers = { ...target.cors, 'Content-Type': 'text/html; charset=utf-8' };
    return { status, headers, body: '<html><body>Bad Gateway</body>' };
  }
  if (rule.body !== undefined) return jsonReply(status, rule.body, target.cors);

  const errorCode = rule.error_code as string;
  const description = rule.message ?? `Injected fault: HTTP ${status} ${errorCode}.`;
  if (status < 300 && target.form === 'batch') {
    // A 2xx batch reply reports each event's failure in its slot, as Keen does for invalid events.
    const body = Object.create(null) as Record<string, unknown[]>;
    for (const { collection } of events) {
      const slots = (body[collection ?? ''] ??= []);
      slots.push({ success: false, error: { name: errorCode, description } });
    }
    return jsonReply(status, body, target.cors);
  }
  return jsonReply(status, { message: description, error_code: errorCode }, target.cors);
}

/**
 * The fault rules of each run. Rules are tried in order; the first matching rule with requests
 * left applies, and its count goes down by one. Faults apply to write requests only.
 */
export class FaultBook {
  private readonly runs = new Map<string, InstalledFault[]>();

  constructor(
    private readonly journal: Journal,
    private readonly registry: Registry,
  ) {}

  /** Replace the rules of a run; an empty list removes them. */
  set(runId: string, rules: FaultRule[]): void {
    if (rules.length === 0) this.runs.delete(runId);
    else
      this.runs.set(
        runId,
        rules.map((rule) => ({ rule, remaining: rule.times ?? null })),
      );
  }

  /** Add a rule after the run's others, whose remaining counts stay as they are. */
  add(runId: string, rule: FaultRule): InstalledFault {
    const installed: InstalledFault = { rule, remaining: rule.times ?? null };
    this.runs.set(runId, [...this.list(runId), installed]);
    return installed;
  }

  list(runId: string): InstalledFault[] {
    return this.runs.get(runId) ?? [];
  }

  clear(runId: string): void {
    this.runs.delete(runId);
  }

  /**
   * Apply the first matching rule to a write request: send the rule's reply and journal one
   * rejected record per event, or delay the reply that `record` builds. Without a matching rule
   * the request is recorded normally.
   */
  apply(target: FaultTarget, record: () => CoreResponse): CoreResponse {
    const installed = this.runs.get(target.route.runId);
    if (installed === undefined) return record();

    const events = readEvents(target);
    const collections =
      events.length > 0 ? events.map((event) => event.collection) : [target.collection];
    const fault = installed.find(
      (candidate) =>
        candidate.remaining !== 0 && matches(candidate.rule.match ?? {}, target, collections),
    );
    if (fault === undefined) return record();
    if (fault.remaining !== null) fault.remaining -= 1;

    const { rule } = fault;
    const delay = rule.delayMs ? { delayMs: rule.delayMs } : {};
    if (!replacesReply(rule)) return { ...record(), ...delay };

    if (rule.dropConnection) {
      this.journalInjected(target, events, 0, rule.error_code ?? null);
      return { status: 0, headers: {}, body: '', dropConnection: true, ...delay };
    }
    const reply = injectedReply(rule, target, events);
    this.journalInjected(target, events, reply.status, rule.error_code ?? null);
    return { ...reply, ...delay };
  }

  /** Journal an injected reply: one rejected record per event, or one with a null body when none could be read. */
  private journalInjected(
    target: FaultTarget,
    events: Array<{ collection: string | null; body: unknown }>,
    status: number,
    errorCode: string | null,
  ): void {
    const { request, route } = target;
    const presented = findPresentedKey(request.headers, target.query);
    const keyKind =
      presented === null
        ? null
        : (this.registry.findProject(route.runId, route.projectId)?.keys.get(presented.key) ??
          null);
    const requestId = randomUUID();
    const receivedAt = new Date().toISOString();
    const recorded = events.length > 0 ? events : [{ collection: target.collection, body: null }];

    for (const event of recorded) {
      const entry: JournalRecord = {
        seq: this.journal.nextSeq(),
        runId: route.runId,
        requestId,
        projectId: route.projectId,
        collection: event.collection,
        body: event.body,
        stored: null,
        transport: target.transport,
        method: request.method,
        path: route.keenPath,
        keyLocation: presented?.location ?? null,
        keyKind,
        outcome: 'rejected',
        errorCode,
        status,
        receivedAt,
      };
      this.journal.append(entry);
    }
  }
}
