import type { Journal } from '../core/journal.js';
import type { JournalRecord, RawRequest } from '../core/types.js';

/** One line of a run exported as NDJSON: a journal record or a raw request, in journal order. */
export type NdjsonLine = { record: JournalRecord } | { request: RawRequest };

/** Error for an import whose content cannot be read; the reply is 400 with the reason. */
export class ImportError extends Error {
  override name = 'ImportError';
}

/** Write a run's raw requests and records as NDJSON: each request, then the records it produced. */
export function exportNdjson(
  records: readonly JournalRecord[],
  requests: readonly RawRequest[],
): string {
  const lines: string[] = [];
  const requestsById = new Map(requests.map((request) => [request.requestId, request]));
  for (const record of records) {
    const request = requestsById.get(record.requestId);
    if (request !== undefined) {
      lines.push(JSON.stringify({ request }));
      requestsById.delete(record.requestId);
    }
    lines.push(JSON.stringify({ record }));
  }
  // Requests whose records were dropped by a journal limit come last.
  for (const request of requestsById.values()) lines.push(JSON.stringify({ request }));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** Parse NDJSON export lines; throw an ImportError naming the first line that is not one. */
export function parseNdjson(text: string): NdjsonLine[] {
  const lines: NdjsonLine[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new ImportError(`NDJSON line ${index + 1} is not JSON: ${(error as Error).message}.`);
    }
    if (!isLine(value)) {
      throw new ImportError(
        `NDJSON line ${index + 1} must be {"record": {…}} or {"request": {…}} with a requestId.`,
      );
    }
    lines.push(value);
  });
  return lines;
}

function isLine(value: unknown): value is NdjsonLine {
  if (typeof value !== 'object' || value === null) return false;
  const entry =
    (value as { record?: unknown; request?: unknown }).record ??
    (value as { request?: unknown }).request;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof (entry as { requestId?: unknown }).requestId === 'string'
  );
}

/**
 * Append exported lines to `runId`. Records get new sequence numbers and the run id of the import;
 * everything else, request ids and receive times included, is kept as exported.
 */
export function importNdjson(
  journal: Journal,
  runId: string,
  lines: readonly NdjsonLine[],
): { records: number; requests: number } {
  let records = 0;
  let requests = 0;
  for (const line of lines) {
    if ('record' in line) {
      journal.append({ ...line.record, runId, seq: journal.nextSeq() });
      records += 1;
    } else {
      journal.appendRequest({ ...line.request, runId });
      requests += 1;
    }
  }
  return { records, requests };
}
