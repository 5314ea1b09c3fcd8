import { isJsonObject, MESSAGE_TYPES } from './message.js';
import type { MessageType, SegmentMessage } from './message.js';

/** A request the collection API cannot handle; `status` is the HTTP status of the reply. */
export class RequestError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'RequestError';
    this.status = status;
  }
}

/** Collection API routes under `/v1/`, long and one-letter forms, and the message type each takes. */
export const COLLECTION_ROUTES: Readonly<Record<string, MessageType | 'batch'>> = {
  batch: 'batch',
  b: 'batch',
  track: 'track',
  t: 'track',
  identify: 'identify',
  i: 'identify',
  page: 'page',
  p: 'page',
  screen: 'screen',
  s: 'screen',
  group: 'group',
  g: 'group',
  alias: 'alias',
  a: 'alias',
};

/**
 * Reads the source write key from a Basic `Authorization` header: the user name, with the
 * password ignored. Returns null when the header is missing, not Basic, or has an empty user name.
 */
export function readSourceWriteKey(authorization: string | undefined): string | null {
  const match = /^Basic\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) return null;

  const credentials = Buffer.from(match[1], 'base64').toString('utf8');
  const separator = credentials.indexOf(':');
  const userName = separator === -1 ? credentials : credentials.slice(0, separator);
  return userName === '' ? null : userName;
}

/**
 * Reads the messages of a collection request body. A batch body is `{"batch": [message, …]}`
 * and every message names its type; a single-message route sets the type itself.
 */
export function readMessages(route: MessageType | 'batch', body: unknown): SegmentMessage[] {
  if (!isJsonObject(body)) throw new RequestError(400, 'request body must be a JSON object');
  if (route !== 'batch') return [{ ...body, type: route }];

  const batch = body.batch;
  if (!Array.isArray(batch))
    throw new RequestError(400, `"batch" must be an array of messages (got ${typeName(batch)})`);

  return batch.map((message, index) => {
    if (!isJsonObject(message))
      throw new RequestError(
        400,
        `batch[${index}] must be a JSON object (got ${typeName(message)})`,
      );
    if (!MESSAGE_TYPES.includes(message.type as MessageType)) {
      const expected = MESSAGE_TYPES.join(', ');
      throw new RequestError(
        400,
        `batch[${index}].type must be one of ${expected} (got ${JSON.stringify(message.type)})`,
      );
    }
    return message as SegmentMessage;
  });
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
