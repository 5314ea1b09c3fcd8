import type { MalformedRequest } from './malformed-request.js';

interface Reply {
  status: number;
  contentType: string;
  text: string;
}

/** Check that a reply is a 4xx JSON `{message, error_code}`; return what is wrong, or null. */
export function checkReply(request: MalformedRequest, reply: Reply): string | null {
  const { status, contentType, text } = reply;
  const shown = text.slice(0, 300);
  if (status < 400 || status > 499) return `expected a 4xx status, got ${status}: ${shown}`;
  if (!contentType.startsWith('application/json'))
    return `expected a JSON reply, got Content-Type ${JSON.stringify(contentType)}: ${shown}`;

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `the reply body is not JSON: ${shown}`;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return `the reply body is not an object: ${shown}`;
  const { message, error_code: errorCode } = body as Record<string, unknown>;
  if (typeof message !== 'string' || message === '') return `the reply has no message: ${shown}`;
  if (typeof errorCode !== 'string' || !/^[A-Za-z]+$/.test(errorCode))
    return `the reply has no error_code: ${shown}`;

  const keys = Object.keys(body).sort().join(',');
  const allowed =
    request.api === 'keen'
      ? ['error_code,message']
      : ['error_code,message', 'error_code,message,supported'];
  if (!allowed.includes(keys))
    return `the reply has fields ${keys}, expected only message and error_code: ${shown}`;
  return null;
}
