/** Memory figures of the mock process, in bytes, as `process.memoryUsage()` returns them. */
export interface MemoryUsage {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

/** Messages from the driver to the mock process. */
export type MockProcessRequest = { type: 'memory' } | { type: 'stop' };

/** Messages from the mock process to the driver. */
export type MockProcessReply =
  { type: 'started'; url: string } | { type: 'memory'; usage: MemoryUsage };
