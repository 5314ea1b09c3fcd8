/** The Keen project, write key and events every ingest target receives. */
export const BENCH_PROJECT = {
  projectId: 'bench-project',
  keys: [{ key: 'bench-write-key-7f3a9c', kind: 'write' as const }],
};

export const BENCH_WRITE_KEY = BENCH_PROJECT.keys[0].key;

export const BENCH_COLLECTION = 'purchases';

/** Events per batch POST. */
export const BATCH_SIZE = 100;

/** Path of a single-event POST: one event to one collection. */
export const SINGLE_EVENT_PATH = `/3.0/projects/${BENCH_PROJECT.projectId}/events/${BENCH_COLLECTION}`;

/** Path of a batch POST: `{collection: [event, …]}`. */
export const BATCH_PATH = `/3.0/projects/${BENCH_PROJECT.projectId}/events`;

/** Headers of every write: the write key in `Authorization`, as keen-tracking sends it. */
export const WRITE_HEADERS = {
  authorization: BENCH_WRITE_KEY,
  'content-type': 'application/json',
};

/** One purchase event of about 250 bytes, shaped like the events in Keen's documentation. */
export function purchaseEvent(index: number): Record<string, unknown> {
  return {
    item: 'golden gadget',
    price: 2550 + (index % 100),
    quantity: 1 + (index % 3),
    user: { id: `user-${index % 1000}`, plan: 'pro' },
    referrer: 'https://www.example.com/products/gadgets',
    keen: { timestamp: '2026-01-01T00:00:00.000Z' },
  };
}

/** Body of a single-event POST. */
export function singleEventBody(): string {
  return JSON.stringify(purchaseEvent(0));
}

/** Body of a batch POST of `size` events to one collection. */
export function batchBody(size = BATCH_SIZE): string {
  const events = Array.from({ length: size }, (_, index) => purchaseEvent(index));
  return JSON.stringify({ [BENCH_COLLECTION]: events });
}
