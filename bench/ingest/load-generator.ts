/**
 * Child-process entry that runs autocannon once, so that the load generator never shares a process
 * with the target it measures. It receives a LoadPlan over IPC and replies with a LoadResult.
 */
import autocannon from 'autocannon';

/** One load run: a request repeated over keep-alive connections for a time or a request count. */
export interface LoadPlan {
  url: string;
  body: string;
  headers: Record<string, string>;
  connections: number;
  /** Seconds; ignored when `amount` is set. */
  durationSeconds: number;
  /** Requests to send in all; the run stops after them. */
  amount?: number;
}

/** The figures of one load run. */
export interface LoadResult {
  /** 2xx replies per second. */
  requestsPerSecond: number;
  /** Milliseconds, at autocannon's 1 ms resolution. */
  latencyP50Ms: number;
  latencyP99Ms: number;
  ok: number;
  non2xx: number;
  errors: number;
  durationSeconds: number;
}

process.once('message', async (plan: LoadPlan) => {
  const result = await autocannon({
    url: plan.url,
    method: 'POST',
    headers: plan.headers,
    body: plan.body,
    connections: plan.connections,
    pipelining: 1,
    duration: plan.durationSeconds,
    ...(plan.amount === undefined ? {} : { amount: plan.amount }),
  });
  const reply: LoadResult = {
    requestsPerSecond: result['2xx'] / result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    durationSeconds: result.duration,
  };
  process.send?.(reply);
  process.disconnect();
});
