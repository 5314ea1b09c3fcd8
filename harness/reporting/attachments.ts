import type { JournalRecord } from '../../mock-keen/core/types.js';

/** One HTTP request that reached the mock, as attached to a scenario's report. */
export interface KeenRequest {
  requestId: string;
  method: string;
  /** Path without the run prefix and the query string; keys never appear in it. */
  path: string;
  transport: string;
  keyLocation: string | null;
  status: number;
  receivedAt: string;
  /** The events the request carried, in order, as received. */
  events: { collection: string | null; body: unknown; outcome: string; errorCode: string | null }[];
}

/**
 * Groups journal records into the requests that carried them, in receive order. The journal keeps
 * one record per event, so a batch request appears once with all its events.
 */
export function describeRequests(records: readonly JournalRecord[]): KeenRequest[] {
  const requests = new Map<string, KeenRequest>();
  for (const record of records) {
    let request = requests.get(record.requestId);
    if (!request) {
      request = {
        requestId: record.requestId,
        method: record.method,
        path: record.path,
        transport: record.transport,
        keyLocation: record.keyLocation,
        status: record.status,
        receivedAt: record.receivedAt,
        events: [],
      };
      requests.set(record.requestId, request);
    }
    request.events.push({
      collection: record.collection,
      body: record.body,
      outcome: record.outcome,
      errorCode: record.errorCode,
    });
  }
  return [...requests.values()];
}
