import { Analytics } from '@segment/analytics-node';
import type { KeenSettings, SegmentCall } from '../../schemas/generated/types.js';
import { MockKeenClient } from '../../mock-keen/client.js';
import { markRun, startRunTimings, type RunTimings } from '../run-timings.js';
import { postBatch, toSegmentMessage } from './http-client.js';

/** Input of one scenario run in cloud mode. */
export interface CloudRunInput {
  destinationUrl: string;
  mockUrl: string;
  runId: string;
  settings: KeenSettings;
  calls: SegmentCall[];
  /** Collection of the sentinel track sent after the calls, or null to settle by a quiet period. */
  sentinel: string | null;
  timeoutMs: number;
  /** analytics-node sends through the real client; http posts the messages exactly as written. */
  client?: 'analytics-node' | 'http';
  /** Configures the destination for the run's source; default the reference `PUT /config/sources/…` hook. */
  configureSource?: (
    sourceWriteKey: string,
    settings: KeenSettings,
    keenBaseUrl: string,
  ) => Promise<void>;
  /** Reads the destination's message results; default the reference `GET /results/…`. */
  readResults?: (sourceWriteKey: string) => Promise<MessageResult[]>;
}

/** The destination's own result for one message, as its results endpoint reports it. */
export interface MessageResult {
  messageId: string | null;
  type: string;
  outcome: 'delivered' | 'refused' | 'failed';
  reason?: string;
  status?: number;
  errorName?: string;
  attempts: number;
}

export interface CloudRunOutput {
  sourceWriteKey: string;
  results: MessageResult[];
  settled: 'sentinel' | 'quiet';
  timings: RunTimings;
}

/** User id of the sentinel message, so it can never be mistaken for a scenario message. */
export const SENTINEL_USER_ID = 'keen-harness-sentinel';

/** Prefix of the sentinel's messageId, used to leave it out of the destination's results. */
export const SENTINEL_MESSAGE_PREFIX = 'keen-harness-sentinel-';

async function requestJson(url: string, init: RequestInit): Promise<unknown> {
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok)
    throw new Error(`${init.method ?? 'GET'} ${url} failed with ${response.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Configures the destination for one source write key through its configuration hook. */
export async function configureCloudSource(
  destinationUrl: string,
  sourceWriteKey: string,
  settings: KeenSettings,
  keenBaseUrl: string,
): Promise<void> {
  await requestJson(`${destinationUrl}/config/sources/${encodeURIComponent(sourceWriteKey)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ settings, keenBaseUrl }),
  });
}

/** Reads the message results of one source from the reference destination's results endpoint. */
export async function readCloudResults(
  destinationUrl: string,
  sourceWriteKey: string,
): Promise<MessageResult[]> {
  const url = `${destinationUrl}/results/${encodeURIComponent(sourceWriteKey)}`;
  const body = (await requestJson(url, { method: 'GET' })) as { results: MessageResult[] };
  return body.results;
}

/** Sends one scenario call with the analytics-node client, filling the fields the client requires. */
function sendCall(analytics: Analytics, call: SegmentCall): void {
  const identity =
    call.userId !== undefined || call.anonymousId !== undefined
      ? { userId: call.userId, anonymousId: call.anonymousId }
      : { anonymousId: 'keen-harness-anonymous' };
  const common = {
    ...identity,
    ...(call.context ? { context: call.context } : {}),
    ...(call.integrations
      ? { integrations: call.integrations as Record<string, boolean | object> }
      : {}),
    ...(call.timestamp ? { timestamp: new Date(call.timestamp) } : {}),
    ...(call.messageId ? { messageId: call.messageId } : {}),
  } as { userId: string };

  switch (call.type) {
    case 'track':
      analytics.track({ ...common, event: call.event ?? '', properties: call.properties });
      return;
    case 'identify':
      analytics.identify({ ...common, traits: call.traits });
      return;
    case 'page':
      analytics.page({
        ...common,
        name: call.name,
        category: call.category,
        properties: call.properties,
      });
      return;
    case 'screen':
      analytics.screen({
        ...common,
        name: call.name,
        category: call.category,
        properties: call.properties,
      } as Parameters<Analytics['screen']>[0]);
      return;
    case 'group':
      analytics.group({ ...common, groupId: call.groupId ?? '', traits: call.traits });
      return;
    case 'alias':
      analytics.alias({ userId: call.userId ?? '', previousId: call.previousId ?? '' });
      return;
  }
}

/**
 * Runs one scenario in cloud mode: configures the destination, sends the calls and then the
 * sentinel through the real @segment/analytics-node client, and waits until Keen has the sentinel.
 */
export async function runCloud(input: CloudRunInput): Promise<CloudRunOutput> {
  const timings = startRunTimings();
  const sourceWriteKey = `source-${input.runId}`;
  const mock = new MockKeenClient(input.mockUrl);
  const keenBaseUrl = `${input.mockUrl}/runs/${encodeURIComponent(input.runId)}/3.0`;
  const configure =
    input.configureSource ??
    ((key: string, settings: KeenSettings, base: string) =>
      configureCloudSource(input.destinationUrl, key, settings, base));
  await configure(sourceWriteKey, input.settings, keenBaseUrl);
  markRun(timings, 'readyAt');

  if (input.client === 'http') {
    await sendOverHttp(input, sourceWriteKey, timings);
  } else {
    await sendWithAnalyticsNode(input, sourceWriteKey, timings);
  }

  const settled = input.sentinel
    ? await settleBySentinel(mock, input.runId, input.sentinel, input.timeoutMs)
    : await settleByQuietPeriod(mock, input.runId);
  markRun(timings, 'settledAt');

  const all = input.readResults
    ? await input.readResults(sourceWriteKey)
    : await readCloudResults(input.destinationUrl, sourceWriteKey);
  const results = all.filter((result) => !result.messageId?.startsWith(SENTINEL_MESSAGE_PREFIX));
  return { sourceWriteKey, results, settled, timings };
}

function sentinelCall(input: CloudRunInput, event: string): SegmentCall {
  return {
    type: 'track',
    userId: SENTINEL_USER_ID,
    event,
    messageId: `${SENTINEL_MESSAGE_PREFIX}${input.runId}`,
  };
}

async function sendWithAnalyticsNode(
  input: CloudRunInput,
  sourceWriteKey: string,
  timings: RunTimings,
): Promise<void> {
  const analytics = new Analytics({
    writeKey: sourceWriteKey,
    host: input.destinationUrl,
    path: '/v1/batch',
    maxRetries: 0,
    flushInterval: 60_000,
    httpRequestTimeout: input.timeoutMs,
  });
  const delivery: string[] = [];
  analytics.on('error', (error) => delivery.push(`${error.code}: ${String(error.reason ?? '')}`));

  for (const call of input.calls) sendCall(analytics, call);
  markRun(timings, 'lastCallAt');
  if (input.sentinel) sendCall(analytics, sentinelCall(input, input.sentinel));
  await analytics.closeAndFlush({ timeout: input.timeoutMs });
  if (delivery.length > 0) {
    throw new Error(`the collection API did not accept the calls: ${delivery.join('; ')}`);
  }
}

async function sendOverHttp(
  input: CloudRunInput,
  sourceWriteKey: string,
  timings: RunTimings,
): Promise<void> {
  const calls = input.sentinel
    ? [...input.calls, sentinelCall(input, input.sentinel)]
    : input.calls;
  // The collection API receives the calls and the sentinel in one request.
  markRun(timings, 'lastCallAt');
  await postBatch(
    input.destinationUrl,
    sourceWriteKey,
    calls.map(toSegmentMessage),
    input.timeoutMs,
  );
}

/** Waits until the mock has recorded the sentinel write. */
export async function settleBySentinel(
  mock: MockKeenClient,
  runId: string,
  sentinel: string,
  timeoutMs: number,
): Promise<'sentinel'> {
  const wait = await mock.waitFor(runId, { collection: sentinel, timeoutMs });
  if (!wait.satisfied) {
    throw new Error(`the sentinel write "${sentinel}" did not reach Keen within ${timeoutMs} ms`);
  }
  return 'sentinel';
}

/** Quiet period of the fallback settle: the run is finished when no write arrives for this long. */
export const QUIET_PERIOD_MS = 400;

/**
 * Waits until no new write arrives for QUIET_PERIOD_MS. Used only where a scenario disables the
 * path the sentinel would take, so nothing could prove completion.
 */
export async function settleByQuietPeriod(mock: MockKeenClient, runId: string): Promise<'quiet'> {
  let seen = (await mock.records(runId)).length;
  for (;;) {
    const wait = await mock.waitFor(runId, { count: seen + 1, timeoutMs: QUIET_PERIOD_MS });
    if (!wait.satisfied) return 'quiet';
    seen = wait.records.length;
  }
}
