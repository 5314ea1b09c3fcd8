import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { platform } from 'node:os';

import { describe, expect, it } from 'vitest';

import { readChildrenCpuMs } from './children-cpu.js';

/** A child that spins until it has used this much CPU time, user plus system. */
const CHILD_CPU_MS = 300;

const SPIN = `
const start = process.cpuUsage();
for (;;) {
  const used = process.cpuUsage(start);
  if ((used.user + used.system) / 1000 >= ${CHILD_CPU_MS}) break;
}
`;

describe.runIf(platform() === 'linux')('readChildrenCpuMs', () => {
  it('counts an exited child', async () => {
    const before = readChildrenCpuMs();
    const child = spawn(process.execPath, ['-e', SPIN], { stdio: 'ignore' });
    await once(child, 'exit');
    const after = readChildrenCpuMs();

    expect(before, 'CPU time before the child').not.toBeNull();
    expect(after, 'CPU time after the child').not.toBeNull();
    // The kernel counts whole clock ticks, so allow one 10 ms tick less.
    expect((after as number) - (before as number)).toBeGreaterThanOrEqual(CHILD_CPU_MS - 10);
  });
});
