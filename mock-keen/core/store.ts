import type { Journal } from './journal.js';
import type { JournalRecord } from './types.js';

/**
 * The stored events that the query, schema and delete endpoints read: the accepted events the
 * journal keeps, in journal order, less those deleted. Reading them from the journal means a
 * bounded journal bounds them too, and an imported run can be queried like a recorded one.
 */
export class EventStore {
  /**
   * Sequence numbers of deleted events, by run.
   * NOTE: kept in memory only, so after a restart on an SQLite journal the deleted events count again.
   */
  private readonly deleted = new Map<string, Set<number>>();

  constructor(private readonly journal: Journal) {}

  events(runId: string, projectId: string, collection: string): Record<string, unknown>[] {
    return this.kept(runId, projectId, collection).map(
      (record) => record.stored as Record<string, unknown>,
    );
  }

  /** Collections of a project that contain at least one event, in the order of their first event. */
  collections(runId: string, projectId: string): string[] {
    return [...new Set(this.kept(runId, projectId).map((record) => record.collection as string))];
  }

  /** Delete the events of a collection for which `keep` is false. */
  retain(
    runId: string,
    projectId: string,
    collection: string,
    keep: (event: Record<string, unknown>) => boolean,
  ): void {
    let deleted = this.deleted.get(runId);
    for (const record of this.kept(runId, projectId, collection)) {
      if (keep(record.stored as Record<string, unknown>)) continue;
      if (deleted === undefined) {
        deleted = new Set();
        this.deleted.set(runId, deleted);
      }
      deleted.add(record.seq);
    }
  }

  resetRun(runId: string): void {
    this.deleted.delete(runId);
  }

  private kept(runId: string, projectId: string, collection?: string): JournalRecord[] {
    const deleted = this.deleted.get(runId);
    return this.journal
      .list(runId, { outcome: 'accepted', ...(collection === undefined ? {} : { collection }) })
      .filter(
        (record) =>
          record.projectId === projectId &&
          record.stored !== null &&
          deleted?.has(record.seq) !== true,
      );
  }
}
