import type { KeyKind, ProjectConfig, RegistryMode } from './types.js';

/** A registered project: its keys and their kinds. */
export interface Project {
  projectId: string;
  keys: Map<string, KeyKind>;
}

/**
 * The projects and keys of each run. In strict mode only registered projects exist. In permissive
 * mode a write to an unknown project creates it, with the key of that write as its write key.
 */
export class Registry {
  readonly mode: RegistryMode;
  private readonly runs = new Map<string, Map<string, Project>>();

  constructor(mode: RegistryMode) {
    this.mode = mode;
  }

  /** Replace the projects of a run. */
  registerRun(runId: string, projects: ProjectConfig[]): void {
    const byId = new Map<string, Project>();
    for (const config of projects) {
      const keys = new Map<string, KeyKind>();
      for (const { key, kind } of config.keys) keys.set(key, kind);
      byId.set(config.projectId, { projectId: config.projectId, keys });
    }
    this.runs.set(runId, byId);
  }

  findProject(runId: string, projectId: string): Project | undefined {
    return this.runs.get(runId)?.get(projectId);
  }

  /** Create a project for a first write in permissive mode. */
  createProject(runId: string, projectId: string, writeKey: string): Project {
    let byId = this.runs.get(runId);
    if (byId === undefined) {
      byId = new Map();
      this.runs.set(runId, byId);
    }
    const project: Project = { projectId, keys: new Map([[writeKey, 'write']]) };
    byId.set(projectId, project);
    return project;
  }

  dropRun(runId: string): void {
    this.runs.delete(runId);
  }
}
