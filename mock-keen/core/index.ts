export { createMockCore, type MockCore, type MockCoreOptions } from './core.js';
export { KeenError, type ErrorCode } from './errors.js';
export { Journal, type RecordFilter, type WaitResult } from './journal.js';
export { Registry } from './registry.js';
export type { GeoInfo } from './addons/ip-to-geo.js';
export { DEFAULT_RUN_ID, RUN_ID_PATTERN } from './route.js';
export type * from './types.js';
