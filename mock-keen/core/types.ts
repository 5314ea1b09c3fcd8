/** Key kinds of section "Authentication": what each key may do. */
export type KeyKind = 'write' | 'read' | 'master';

export type KeyLocation = 'header' | 'query';

export type HeaderValue = string | string[] | undefined;

/** A request as the core receives it, free of any HTTP server. */
export interface CoreRequest {
  method: string;
  /** The path as received, still percent-encoded, without the query string. */
  path: string;
  /** The raw query string, without the leading `?`. */
  query: string;
  /** Header names in lower case, as Node's `IncomingHttpHeaders` has them. */
  headers: Record<string, HeaderValue>;
  rawBody: Buffer;
  /** The socket peer address. */
  clientIp: string;
}

export interface CoreResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
  /** Wait this many milliseconds before replying; set only by an injected fault. */
  delayMs?: number;
  /** Close the connection without a reply; set only by an injected fault. */
  dropConnection?: boolean;
}

export type WriteTransport =
  'post' | 'batch' | 'jsonp' | 'image' | 'redirect' | 'beacon' | 'beacon-batch';

export type Outcome = 'accepted' | 'rejected';

/** One journal entry: one event of a write request, or the whole request when it was rejected as a whole. */
export interface JournalRecord {
  /** Increasing across the whole mock. */
  seq: number;
  runId: string;
  /** Shared by the records of one request. */
  requestId: string;
  projectId: string;
  collection: string | null;
  /** The event as received, decoded from `data` for GETs; null when the body could not be decoded. */
  body: unknown;
  /** The event as Keen stores it; null when rejected. */
  stored: Record<string, unknown> | null;
  transport: WriteTransport;
  method: string;
  /** The path without the run prefix and without the query string. */
  path: string;
  keyLocation: KeyLocation | null;
  keyKind: KeyKind | null;
  outcome: Outcome;
  /** Keen's `error_code` when rejected. */
  errorCode: string | null;
  /** The HTTP status the request got; for JSONP, the status it would have had. */
  status: number;
  /** ISO 8601. */
  receivedAt: string;
}

/** A write request as received, with its keys redacted; its journal records share its `requestId`. */
export interface RawRequest {
  requestId: string;
  runId: string;
  method: string;
  /** The path without the run prefix and without the query string, still percent-encoded. */
  path: string;
  /** The raw query string without the leading `?`, with the value of `api_key` redacted. */
  query: string;
  /** Header names in lower case; `authorization` redacted. */
  headers: Record<string, string>;
  /** The body bytes: UTF-8 text, or base64 when they are not valid UTF-8. */
  body: string;
  bodyEncoding: 'utf8' | 'base64';
  /** The HTTP status the request got; 0 when a fault dropped the connection. */
  status: number;
  /** ISO 8601. */
  receivedAt: string;
}

export interface KeyConfig {
  key: string;
  kind: KeyKind;
}

export interface ProjectConfig {
  projectId: string;
  keys: KeyConfig[];
}

export type RegistryMode = 'strict' | 'permissive';
