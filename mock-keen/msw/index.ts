export { DEFAULT_BASE_URLS, parseBaseUrl, type KeenBase } from './base-url.js';
export { exposeResponder } from './binding.js';
export { createKeenHandlers, handlersFor, toFetchResponse } from './handlers.js';
export {
  KeenResponder,
  type ExchangeRequest,
  type ExchangeResponse,
  type KeenResponderOptions,
} from './responder.js';
export { DEFAULT_BINDING_NAME, type WireRequest, type WireResponse } from './wire.js';
