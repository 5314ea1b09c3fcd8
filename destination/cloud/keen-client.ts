import { setTimeout as delay } from 'node:timers/promises';

import type { KeenWrite } from './mapping.js';

/** The destination of a source's events: Keen's API base (`https://api.keen.io/3.0` in production) and the project. */
export interface KeenEndpoint {
  baseUrl: string;
  projectId: string;
  writeKey: string;
}

/** How often and how fast a failed write is retried. */
export interface RetryPolicy {
  maxRetries: number;
  /** Wait before the first retry, in milliseconds; each later retry waits twice as long. */
  baseDelayMs: number;
}

/** The cause of a failed Keen write, as the destination reports it. */
export interface KeenFailure {
  /** The HTTP status, when Keen's response had a status other than 2xx. */
  status?: number;
  /** Keen's per-event error name, or the network error code. */
  errorName?: string;
  message: string;
  retryable: boolean;
}

/** The outcome of one or more writes: the first failure, if any, and the requests made. */
export interface SendResult {
  failure: KeenFailure | null;
  attempts: number;
}

/** Options of a send besides the endpoint. */
export interface SendOptions {
  retry: RetryPolicy;
  log: (line: string) => void;
  /** Time allowed for one request, in milliseconds, before it counts as a network error. */
  timeoutMs?: number;
}

/** Statuses that Segment's integration framework retries; every other 4xx and 5xx is final. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

const DEFAULT_TIMEOUT_MS = 10_000;

/** Builds `{baseUrl}/projects/{projectId}/events?api_key={writeKey}`, with both values percent-encoded. */
export function buildEventsUrl(endpoint: KeenEndpoint): string {
  const base = endpoint.baseUrl.replace(/\/+$/, '');
  const projectId = encodeURIComponent(endpoint.projectId);
  return `${base}/projects/${projectId}/events?api_key=${encodeURIComponent(endpoint.writeKey)}`;
}

/** Serialises one write as Keen's batch body: one collection holding one event. Dates become ISO strings. */
export function buildBatchBody(write: KeenWrite): string {
  return JSON.stringify({ [write.collection]: [write.event] });
}

/**
 * Checks a Keen reply to a batch write. Success needs a 2xx status and a JSON object whose first
 * key contains an array in which every item has a truthy `success`. Returns null on success.
 */
export function checkResponse(status: number, bodyText: string): KeenFailure | null {
  if (status < 200 || status >= 300) {
    return {
      status,
      message: `Keen responded with HTTP ${status}`,
      retryable: RETRYABLE_STATUSES.has(status),
    };
  }

  const items = readFirstArray(bodyText);
  if (items === null) return { message: 'received bad response', retryable: true };

  const failed = items.find((item) => !(item as { success?: unknown } | null)?.success);
  if (failed === undefined) return null;

  const error = (failed as { error?: { name?: unknown; description?: unknown } }).error;
  const errorName = typeof error?.name === 'string' ? error.name : undefined;
  const description = typeof error?.description === 'string' ? error.description : 'no description';
  return { errorName, message: `Keen rejected the event: ${description}`, retryable: true };
}

/**
 * Sends one write, retrying network errors, body-level failures and the statuses in
 * RETRYABLE_STATUSES up to `retry.maxRetries` times with exponential backoff. Redirects are
 * not followed.
 */
export async function sendWrite(
  write: KeenWrite,
  endpoint: KeenEndpoint,
  options: SendOptions,
): Promise<SendResult> {
  const { maxRetries, baseDelayMs } = options.retry;
  let attempts = 0;

  for (;;) {
    attempts += 1;
    const failure = await postOnce(write, endpoint, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    if (failure === null) return { failure: null, attempts };

    const retriesLeft = maxRetries - (attempts - 1);
    if (!failure.retryable || retriesLeft <= 0) {
      options.log(
        `keen write to "${write.collection}" failed after ${attempts} attempt(s): ${describe(failure)}`,
      );
      return { failure, attempts };
    }

    const waitMs = baseDelayMs * 2 ** (attempts - 1);
    options.log(
      `keen write to "${write.collection}" failed (${describe(failure)}); retry ${attempts} of ${maxRetries} in ${waitMs} ms`,
    );
    await delay(waitMs);
  }
}

/**
 * Sends writes one after another, each after the previous one has finished. Every write is
 * attempted even when an earlier one failed; the result carries the first failure and the
 * total number of requests.
 */
export async function sendWrites(
  writes: readonly KeenWrite[],
  endpoint: KeenEndpoint,
  options: SendOptions,
): Promise<SendResult> {
  const total: SendResult = { failure: null, attempts: 0 };
  for (const write of writes) {
    const result = await sendWrite(write, endpoint, options);
    total.attempts += result.attempts;
    total.failure ??= result.failure;
  }
  return total;
}

async function postOnce(
  write: KeenWrite,
  endpoint: KeenEndpoint,
  timeoutMs: number,
): Promise<KeenFailure | null> {
  let status: number;
  let bodyText: string;
  try {
    const response = await fetch(buildEventsUrl(endpoint), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'Segment.io/1.0' },
      body: buildBatchBody(write),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = response.status;
    bodyText = await response.text();
  } catch (error) {
    return describeNetworkError(error);
  }
  return checkResponse(status, bodyText);
}

function readFirstArray(bodyText: string): unknown[] | null {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;

  const first = Object.values(body)[0];
  return Array.isArray(first) ? first : null;
}

/** Names a failed fetch by its cause's code (`ECONNREFUSED`, `ECONNRESET`) or its own name (`TimeoutError`). */
function describeNetworkError(error: unknown): KeenFailure {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const errorName = code ?? (error instanceof Error ? error.name : 'NetworkError');
  const detail = typeof cause?.message === 'string' ? cause.message : String(error);
  return { errorName, message: `request to Keen failed: ${detail}`, retryable: true };
}

function describe(failure: KeenFailure): string {
  const label = failure.status ?? failure.errorName;
  return label === undefined ? failure.message : `${label}: ${failure.message}`;
}
