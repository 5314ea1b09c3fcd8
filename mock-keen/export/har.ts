import type { Entry, Har, Header } from 'har-format';

import type { CoreRequest, JournalRecord, RawRequest } from '../core/types.js';
import { ImportError } from './ndjson.js';

/** HAR entry with the journal records of its request, under HAR's custom-field prefix `_`. */
export interface KeenHarEntry extends Entry {
  _requestId: string;
  _records: JournalRecord[];
}

const CREATOR = { name: 'mock-keen', version: '1' };

/**
 * Write a run's raw requests as HAR 1.2, one entry per request, its journal records under
 * `_records`. Keen's reply body is not kept, so each response has only its status.
 */
export function exportHar(
  records: readonly JournalRecord[],
  requests: readonly RawRequest[],
  runUrl: string,
): Har {
  const entries: KeenHarEntry[] = requests.map((request) => {
    const search = request.query === '' ? '' : `?${request.query}`;
    const mimeType = request.headers['content-type'] ?? 'application/octet-stream';
    const entry: KeenHarEntry = {
      startedDateTime: request.receivedAt,
      time: 0,
      request: {
        method: request.method,
        url: `${runUrl}${request.path}${search}`,
        httpVersion: 'HTTP/1.1',
        cookies: [],
        headers: Object.entries(request.headers).map(([name, value]): Header => ({ name, value })),
        queryString: [...new URLSearchParams(request.query)].map(([name, value]) => ({
          name,
          value,
        })),
        headersSize: -1,
        bodySize:
          request.bodyEncoding === 'base64'
            ? Buffer.from(request.body, 'base64').length
            : Buffer.byteLength(request.body),
      },
      response: {
        status: request.status,
        statusText: '',
        httpVersion: 'HTTP/1.1',
        cookies: [],
        headers: [],
        content: { size: 0, mimeType: 'x-unknown' },
        redirectURL: '',
        headersSize: -1,
        bodySize: -1,
      },
      cache: {},
      timings: { send: 0, wait: 0, receive: 0 },
      _requestId: request.requestId,
      _records: records.filter((record) => record.requestId === request.requestId),
    };
    if (request.body !== '' || request.method === 'POST') {
      entry.request.postData = {
        mimeType,
        text: request.body,
        ...(request.bodyEncoding === 'base64' ? { encoding: 'base64' } : {}),
      };
    }
    return entry;
  });
  return { log: { version: '1.2', creator: CREATOR, entries } };
}

/** Return the Keen path of a URL: `/3.0/…`, with a `/runs/{runId}` prefix removed; null for other URLs. */
function keenPath(pathname: string): string | null {
  const at = pathname.indexOf('/3.0/');
  return at === -1 ? null : pathname.slice(at);
}

/**
 * Read the requests to Keen's API from a HAR file, such as one saved by a browser's developer
 * tools, as core requests of `runId`. Entries for other URLs are counted in `skipped`.
 */
export function readHarRequests(
  value: unknown,
  runId: string,
): { requests: CoreRequest[]; skipped: number } {
  const entries = (value as Har | null)?.log?.entries;
  if (!Array.isArray(entries)) throw new ImportError('The HAR file has no log.entries list.');

  const requests: CoreRequest[] = [];
  let skipped = 0;
  entries.forEach((entry: Entry, index) => {
    const url = URL.canParse(entry?.request?.url) ? new URL(entry.request.url) : null;
    const path = url === null ? null : keenPath(url.pathname);
    if (url === null || path === null || typeof entry.request.method !== 'string') {
      skipped += 1;
      return;
    }
    const headers: Record<string, string> = {};
    for (const header of entry.request.headers ?? []) {
      // HTTP/2 pseudo-headers such as :authority are not request headers.
      if (!header.name.startsWith(':')) headers[header.name.toLowerCase()] = header.value;
    }
    const postData = entry.request.postData;
    const text = postData?.text ?? '';
    const encoding = (postData as { encoding?: string } | undefined)?.encoding;
    if (encoding !== undefined && encoding !== 'base64') {
      throw new ImportError(
        `HAR entry ${index} has postData encoding ${JSON.stringify(encoding)}; only base64 is read.`,
      );
    }
    requests.push({
      method: entry.request.method.toUpperCase(),
      path: `/runs/${runId}${path}`,
      query: url.search.slice(1),
      headers,
      rawBody: Buffer.from(text, encoding === 'base64' ? 'base64' : 'utf8'),
      clientIp: '127.0.0.1',
    });
  });
  return { requests, skipped };
}
