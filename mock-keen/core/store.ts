/** Stored events by run, project and collection, in storage order; the query and schema endpoints read them. */
export class EventStore {
  private readonly runs = new Map<string, Map<string, Map<string, Record<string, unknown>[]>>>();

  add(runId: string, projectId: string, collection: string, event: Record<string, unknown>): void {
    let projects = this.runs.get(runId);
    if (projects === undefined) {
      projects = new Map();
      this.runs.set(runId, projects);
    }
    let collections = projects.get(projectId);
    if (collections === undefined) {
      collections = new Map();
      projects.set(projectId, collections);
    }
    let events = collections.get(collection);
    if (events === undefined) {
      events = [];
      collections.set(collection, events);
    }
    events.push(event);
  }

  events(runId: string, projectId: string, collection: string): Record<string, unknown>[] {
    return this.runs.get(runId)?.get(projectId)?.get(collection) ?? [];
  }

  /** Collections of a project that hold at least one event. */
  collections(runId: string, projectId: string): string[] {
    const collections = this.runs.get(runId)?.get(projectId);
    if (collections === undefined) return [];
    return [...collections].filter(([, events]) => events.length > 0).map(([name]) => name);
  }

  /** Keep only the events of a collection for which `keep` is true. */
  retain(
    runId: string,
    projectId: string,
    collection: string,
    keep: (event: Record<string, unknown>) => boolean,
  ): void {
    const collections = this.runs.get(runId)?.get(projectId);
    const events = collections?.get(collection);
    if (collections === undefined || events === undefined) return;
    collections.set(collection, events.filter(keep));
  }

  resetRun(runId: string): void {
    this.runs.delete(runId);
  }
}
