import { randomUUID } from 'node:crypto';
import type { SegmentCall } from '../../schemas/generated/types.js';

/** Builds the Segment message for one scenario call exactly as written, for the raw HTTP client. */
export function toSegmentMessage(call: SegmentCall): Record<string, unknown> {
  const { modes: _modes, ...fields } = call;
  return {
    messageId: `keen-harness-${randomUUID()}`,
    timestamp: new Date().toISOString(),
    ...fields,
  };
}

/**
 * Posts messages to the collection API's batch route with Basic auth, as a server library would,
 * but without adding or changing any field. Throws when the API does not respond with a 2xx status.
 */
export async function postBatch(
  destinationUrl: string,
  sourceWriteKey: string,
  messages: Record<string, unknown>[],
  timeoutMs: number,
): Promise<void> {
  const response = await fetch(`${destinationUrl}/v1/batch`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${sourceWriteKey}:`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ batch: messages, sentAt: new Date().toISOString() }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) {
    throw new Error(`the collection API responded ${response.status}: ${await response.text()}`);
  }
}
