import { create } from 'jsondiffpatch';
import { format } from 'jsondiffpatch/formatters/html';

import type { JournalRecord, RawRequest } from '../../core/types.js';
import { byId, element } from './dom.js';

const differ = create({ arrays: { detectMove: false } });

/** Counts shown records, so that a slow fetch does not overwrite a record shown after it. */
let shown = 0;

/** Raw requests by run, fetched on first use. */
const requestsByRun = new Map<string, Promise<RawRequest[]>>();

async function fetchRequests(runId: string): Promise<RawRequest[]> {
  let requests = requestsByRun.get(runId);
  if (requests === undefined) {
    requests = fetch(`/mock/runs/${encodeURIComponent(runId)}/requests`)
      .then((response) => response.json() as Promise<{ requests: RawRequest[] }>)
      .then((body) => body.requests);
    requestsByRun.set(runId, requests);
  }
  return requests;
}

/** Forget the raw requests fetched for a run, after the run changed. */
export function forgetRequests(runId: string): void {
  requestsByRun.delete(runId);
}

function describeRequest(request: RawRequest | undefined): string {
  if (request === undefined) return 'The raw request is no longer in the journal.';
  const search = request.query === '' ? '' : `?${request.query}`;
  const headers = Object.entries(request.headers).map(([name, value]) => `${name}: ${value}`);
  const encoding = request.bodyEncoding === 'base64' ? ' (base64)' : '';
  return [
    `${request.method} ${request.path}${search}`,
    ...headers,
    '',
    `${request.body}${encoding}`,
  ].join('\n');
}

/** Show one record: the received body, the stored event, the differences and the raw request. */
export async function showDetail(record: JournalRecord | undefined): Promise<void> {
  const section = byId('detail');
  shown += 1;
  const token = shown;
  if (record === undefined) {
    section.hidden = true;
    return;
  }
  section.hidden = false;
  const outcome =
    record.errorCode === null ? record.outcome : `${record.outcome} (${record.errorCode})`;
  byId('detail-title').textContent =
    `#${record.seq} · ${record.collection ?? '(no collection)'} · ${outcome}`;
  byId('detail-body').textContent = JSON.stringify(record.body, null, 2);
  byId('detail-stored').textContent =
    record.stored === null
      ? 'Not stored: the event was rejected.'
      : JSON.stringify(record.stored, null, 2);

  const diff = byId('detail-diff');
  const delta = record.stored === null ? undefined : differ.diff(record.body, record.stored);
  if (delta === undefined) {
    diff.replaceChildren(
      element(
        'p',
        record.stored === null
          ? 'No stored event to compare.'
          : 'The stored event equals the received body.',
      ),
    );
  } else {
    // jsondiffpatch's HTML formatter escapes every key and value it writes.
    diff.innerHTML = format(delta, record.body) ?? '';
  }

  const requestText = byId('detail-request');
  requestText.textContent = 'Loading the raw request…';
  const requests = await fetchRequests(record.runId);
  if (token !== shown) return;
  requestText.textContent = describeRequest(
    requests.find((request) => request.requestId === record.requestId),
  );
}
