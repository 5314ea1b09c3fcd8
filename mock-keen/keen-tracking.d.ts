// keen-tracking 5.0.1 ships no type definitions; this covers the Node client calls the tests make.
declare module 'keen-tracking' {
  interface KeenTrackingConfig {
    projectId: string;
    writeKey: string;
    host?: string;
    protocol?: 'http' | 'https';
    requestType?: string;
    nodeRequestConfig?: Record<string, unknown>;
    retry?: Record<string, unknown>;
  }

  class KeenTracking {
    constructor(config: KeenTrackingConfig);
    recordEvent(collection: string, event: Record<string, unknown>): Promise<unknown>;
    recordEvents(events: Record<string, Array<Record<string, unknown>>>): Promise<unknown>;
  }

  export default KeenTracking;
}
