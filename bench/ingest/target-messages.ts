/** Memory of a target process in bytes, as `process.memoryUsage()` returns it. */
export interface TargetMemory {
  rss: number;
  heapUsed: number;
  external: number;
}

/** Messages from the bench to a target process. */
export type TargetRequest =
  { type: 'memory' } | { type: 'count' } | { type: 'reset' } | { type: 'stop' };

/** Messages from a target process to the bench. */
export type TargetReply =
  | { type: 'started'; url: string }
  | { type: 'memory'; usage: TargetMemory }
  | { type: 'count'; events: number }
  | { type: 'reset' };
