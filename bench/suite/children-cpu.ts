import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Clock ticks per second of the `/proc` times, or null where `getconf` is missing. */
function clockTicksPerSecond(): number | null {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(ticks) && ticks > 0 ? ticks : null;
  } catch {
    return null;
  }
}

let ticksPerSecond: number | null | undefined;

/**
 * Reads the CPU time, user plus system, in milliseconds, of this process's children that have
 * exited and been waited for, with their own waited-for descendants. Returns null off Linux,
 * where `/proc/self/stat` is missing. A descendant that outlives its parent is re-parented and not
 * counted.
 */
export function readChildrenCpuMs(): number | null {
  ticksPerSecond ??= clockTicksPerSecond();
  if (ticksPerSecond === null) return null;
  let stat: string;
  try {
    stat = readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return null;
  }

  // The command name, the second field, may contain spaces, so count fields after its ')'.
  // cutime and cstime are fields 16 and 17, the 14th and 15th after the command name.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[13]) + Number(fields[14]);
  return Number.isFinite(ticks) ? (ticks * 1000) / ticksPerSecond : null;
}
