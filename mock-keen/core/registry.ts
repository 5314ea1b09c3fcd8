import { createHash } from 'node:crypto';

import type { KeyKind, ProjectConfig, RegistryMode } from './types.js';

/** A registered project: its keys and their kinds. */
export interface Project {
  projectId: string;
  keys: Map<string, KeyKind>;
}

/** A key as the inspection API and logs show it: its kind and a fingerprint, never the key. */
export interface KeySummary {
  kind: KeyKind;
  fingerprint: string;
}

export interface ProjectSummary {
  projectId: string;
  keys: KeySummary[];
}

/** Notice of a project that permissive mode created on its first write. */
export interface ProjectCreated {
  runId: string;
  projectId: string;
  key: KeySummary;
}

/**
 * Fingerprint a key for logs and listings: `sha256:` and the first 12 hexadecimal digits of the
 * key's SHA-256 digest. It distinguishes keys without revealing them.
 */
export function keyFingerprint(key: string): string {
  return `sha256:${createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 12)}`;
}

/**
 * The projects and keys of each run. In strict mode only registered projects exist. In permissive
 * mode a write to an unknown project creates it, with the key of that write as its write key.
 */
export class Registry {
  readonly mode: RegistryMode;
  private readonly runs = new Map<string, Map<string, Project>>();
  private readonly onProjectCreated: ((created: ProjectCreated) => void) | undefined;

  constructor(mode: RegistryMode, onProjectCreated?: (created: ProjectCreated) => void) {
    this.mode = mode;
    this.onProjectCreated = onProjectCreated;
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

  /** List the projects of a run with their key kinds and fingerprints, in registration order. */
  listProjects(runId: string): ProjectSummary[] {
    const byId = this.runs.get(runId) ?? new Map<string, Project>();
    return [...byId.values()].map(({ projectId, keys }) => ({
      projectId,
      keys: [...keys].map(([key, kind]) => ({ kind, fingerprint: keyFingerprint(key) })),
    }));
  }

  /** Create a project for a first write in permissive mode, and report it to the listener. */
  createProject(runId: string, projectId: string, writeKey: string): Project {
    let byId = this.runs.get(runId);
    if (byId === undefined) {
      byId = new Map();
      this.runs.set(runId, byId);
    }
    const project: Project = { projectId, keys: new Map([[writeKey, 'write']]) };
    byId.set(projectId, project);
    this.onProjectCreated?.({
      runId,
      projectId,
      key: { kind: 'write', fingerprint: keyFingerprint(writeKey) },
    });
    return project;
  }

  dropRun(runId: string): void {
    this.runs.delete(runId);
  }
}
