/**
 * The JSON form of an exchange between a page's MSW handlers and the mock in the test process.
 * Playwright bindings carry only JSON, so bodies travel as base64.
 */
export interface WireRequest {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  /** The raw body in standard base64; empty for no body. */
  body: string;
}

export type WireResponse =
  | { networkError: false; status: number; headers: Array<[string, string]>; body: string }
  | { networkError: true };

/** Statuses whose Fetch responses must have no body at all. */
export const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);

/** The name of the page binding that carries WireRequests to the mock, unless another is configured. */
export const DEFAULT_BINDING_NAME = '__keenMock';

/** Encode bytes as standard base64 with the browser's `btoa`, in chunks that stay within argument limits. */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return btoa(binary);
}

export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}
