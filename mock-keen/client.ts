import type { FaultRule, InstalledFault } from './core/faults.js';
import type { JournalRecord, Outcome, ProjectConfig, RawRequest } from './core/types.js';

/** Environment variable with the inspection token that MockKeenClient and the harness's mocks use by default. */
export const INSPECT_TOKEN_ENV = 'KEEN_MOCK_INSPECT_TOKEN';

export interface RecordQuery {
  collection?: string;
  outcome?: Outcome;
  /** Only records with a greater sequence number. */
  since?: number;
}

export interface WaitQuery {
  /** Records to wait for; default 1. */
  count?: number;
  collection?: string;
  outcome?: Outcome;
  /** Default 5000, at most 60000. */
  timeoutMs?: number;
}

export interface WaitResult {
  satisfied: boolean;
  records: JournalRecord[];
}

/** A typed client for the mock's inspection API under `/mock`. */
export class MockKeenClient {
  private readonly baseUrl: string;
  private readonly inspectToken: string | undefined;

  /**
   * `baseUrl` is the mock's root, such as `http://127.0.0.1:PORT`. `inspectToken` is sent as a bearer
   * token, by default the value of KEEN_MOCK_INSPECT_TOKEN.
   */
  constructor(baseUrl: string, options: { inspectToken?: string } = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.inspectToken = options.inspectToken ?? (process.env[INSPECT_TOKEN_ENV] || undefined);
  }

  /** Replace the projects and keys of a run; its records are kept. */
  async registerRun(runId: string, projects: ProjectConfig[]): Promise<void> {
    await this.request('PUT', this.runPath(runId), { projects });
  }

  async records(runId: string, filter: RecordQuery = {}): Promise<JournalRecord[]> {
    const query = new URLSearchParams();
    if (filter.collection !== undefined) query.set('collection', filter.collection);
    if (filter.outcome !== undefined) query.set('outcome', filter.outcome);
    if (filter.since !== undefined) query.set('since', String(filter.since));
    const body = (await this.request('GET', `${this.runPath(runId)}/records?${query}`)) as {
      records: JournalRecord[];
    };
    return body.records;
  }

  /** Wait until the run has `count` matching records or the timeout passes; `satisfied` is false on timeout. */
  async waitFor(runId: string, wait: WaitQuery = {}): Promise<WaitResult> {
    const query = new URLSearchParams();
    if (wait.count !== undefined) query.set('count', String(wait.count));
    if (wait.collection !== undefined) query.set('collection', wait.collection);
    if (wait.outcome !== undefined) query.set('outcome', wait.outcome);
    if (wait.timeoutMs !== undefined) query.set('timeout', String(wait.timeoutMs));
    return (await this.request('GET', `${this.runPath(runId)}/wait?${query}`)) as WaitResult;
  }

  /** Replace the fault rules of a run; an empty list removes them. Returns the installed rules. */
  async setFaults(runId: string, faults: FaultRule[]): Promise<InstalledFault[]> {
    const body = (await this.request('PUT', `${this.runPath(runId)}/faults`, faults)) as {
      faults: InstalledFault[];
    };
    return body.faults;
  }

  /** List the fault rules of a run, each with the number of requests it may still apply to. */
  async faults(runId: string): Promise<InstalledFault[]> {
    const body = (await this.request('GET', `${this.runPath(runId)}/faults`)) as {
      faults: InstalledFault[];
    };
    return body.faults;
  }

  /** Drop the run's records, stored events, projects and fault rules. */
  async resetRun(runId: string): Promise<void> {
    await this.request('DELETE', this.runPath(runId));
  }

  /** List the run's raw write requests, keys redacted, in receive order. */
  async requests(runId: string): Promise<RawRequest[]> {
    const body = (await this.request('GET', `${this.runPath(runId)}/requests`)) as {
      requests: RawRequest[];
    };
    return body.requests;
  }

  private runPath(runId: string): string {
    return `/mock/runs/${encodeURIComponent(runId)}`;
  }

  private async request(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(this.inspectToken ? { Authorization: `Bearer ${this.inspectToken}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`mock-keen ${method} ${path} failed with ${response.status}: ${text}`);
    }
    return text === '' ? undefined : JSON.parse(text);
  }
}
