import { describe, expect, it } from 'vitest';

import { createMockCore } from './core.js';
import { Registry, keyFingerprint, type ProjectCreated } from './registry.js';

describe('key fingerprint', () => {
  it('hides the key', () => {
    expect(keyFingerprint('secret-key')).toMatch(/^sha256:[0-9a-f]{12}$/);
    expect(keyFingerprint('secret-key')).not.toContain('secret');
  });

  it('tells keys apart', () => {
    expect(keyFingerprint('key-a')).not.toBe(keyFingerprint('key-b'));
  });

  it('is stable', () => {
    expect(keyFingerprint('key-a')).toBe(keyFingerprint('key-a'));
  });
});

describe('registry listing', () => {
  it('lists kinds and fingerprints', () => {
    const registry = new Registry('strict');
    registry.registerRun('run-1', [
      {
        projectId: 'p1',
        keys: [
          { key: 'w', kind: 'write' },
          { key: 'm', kind: 'master' },
        ],
      },
      { projectId: 'p2', keys: [] },
    ]);

    expect(registry.listProjects('run-1')).toEqual([
      {
        projectId: 'p1',
        keys: [
          { kind: 'write', fingerprint: keyFingerprint('w') },
          { kind: 'master', fingerprint: keyFingerprint('m') },
        ],
      },
      { projectId: 'p2', keys: [] },
    ]);
  });

  it('lists nothing for an unknown run', () => {
    expect(new Registry('strict').listProjects('nobody')).toEqual([]);
  });
});

describe('permissive project creation', () => {
  function write(core: ReturnType<typeof createMockCore>, projectId: string, key: string): number {
    return core.handle({
      method: 'POST',
      path: `/runs/run-1/3.0/projects/${projectId}/events/visits`,
      query: '',
      headers: { authorization: key },
      rawBody: Buffer.from('{"n":1}'),
      clientIp: '127.0.0.1',
    }).status;
  }

  it('reports each created project once', () => {
    const created: ProjectCreated[] = [];
    const core = createMockCore({
      registry: 'permissive',
      onProjectCreated: (notice) => created.push(notice),
    });

    expect(write(core, 'p1', 'key-1')).toBe(201);
    expect(write(core, 'p1', 'key-1')).toBe(201);
    expect(created).toEqual([
      {
        runId: 'run-1',
        projectId: 'p1',
        key: { kind: 'write', fingerprint: keyFingerprint('key-1') },
      },
    ]);
  });

  it('rejects another key for a created project', () => {
    const core = createMockCore({ registry: 'permissive' });
    write(core, 'p1', 'key-1');

    expect(write(core, 'p1', 'key-2')).toBe(401);
  });

  it('creates nothing in strict mode', () => {
    const created: ProjectCreated[] = [];
    const core = createMockCore({
      registry: 'strict',
      onProjectCreated: (notice) => created.push(notice),
    });

    expect(write(core, 'p1', 'key-1')).toBe(404);
    expect(created).toEqual([]);
  });
});
