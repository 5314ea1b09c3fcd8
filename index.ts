// The package's main entry: the Keen mock with its HTTP server and client, the scenario types and
// the matchers. The MSW handlers are in `keen-contract-harness/msw` (Node) and
// `keen-contract-harness/msw/browser` (pages); the unit-test API is in `keen-contract-harness/testing`.
export { createMockCore, startMockKeen } from './mock-keen/index.js';
export type { MockCore, MockCoreOptions, MockKeen, MockKeenOptions } from './mock-keen/index.js';
export { MockKeenClient } from './mock-keen/client.js';
export type { RecordQuery, WaitQuery, WaitResult } from './mock-keen/client.js';
export type {
  CoreRequest,
  CoreResponse,
  JournalRecord,
  KeyConfig,
  KeyKind,
  KeyLocation,
  Outcome,
  ProjectConfig,
  RegistryMode,
  WriteTransport,
} from './mock-keen/core/types.js';

export type {
  CloudOptions,
  DeviceOptions,
  Expectation,
  ExpectedResult,
  ExpectedValue,
  ExpectedWrite,
  KeenSettings,
  Matcher,
  Mode,
  Scenario,
  SegmentCall,
} from './schemas/generated/types.js';

export { isMatcher, matchValue } from './harness/matching/match-value.js';
export type { Difference } from './harness/matching/match-value.js';
export { compareWrite, judgeWrites, nearestWrite } from './harness/matching/judge.js';
export type { RecordedWrite, Verdict } from './harness/matching/judge.js';
