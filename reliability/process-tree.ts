import { execFileSync } from 'node:child_process';

/** One line of `ps`: a process, its parent, its process group and its command line. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  command: string;
}

/** List every process of the machine with `ps`. */
export function listProcesses(): ProcessInfo[] {
  const output = execFileSync('ps', ['-eo', 'pid=,ppid=,pgid=,args='], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const processes: ProcessInfo[] = [];
  for (const line of output.split('\n')) {
    const match = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (match)
      processes.push({
        pid: Number(match[1]),
        ppid: Number(match[2]),
        pgid: Number(match[3]),
        command: match[4],
      });
  }
  return processes;
}

/** List the descendants of `rootPid`: children, their children and so on. */
export function descendantsOf(
  rootPid: number,
  processes: ProcessInfo[] = listProcesses(),
): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  const parents = new Set([rootPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const process of processes) {
      if (parents.has(process.ppid) && !parents.has(process.pid)) {
        parents.add(process.pid);
        found.push(process);
        grew = true;
      }
    }
  }
  return found;
}

/** List which of `pids` still run; a zombie that waits for its parent counts as gone. */
export function stillRunning(pids: number[]): ProcessInfo[] {
  const wanted = new Set(pids);
  return listProcesses().filter(
    (process) => wanted.has(process.pid) && !process.command.includes('<defunct>'),
  );
}

/** Check whether a command line is a Chromium process. */
export function isChromium(command: string): boolean {
  return (
    /(^|\/)(chromium|chrome|headless_shell)(\s|$)/.test(command.split(' ')[0]) ||
    /\/chromium\/|chrome-linux|headless_shell/.test(command.split(' ')[0])
  );
}

/** Poll `find` every 100 ms until it returns a value, or fail after `timeoutMs`. */
export async function pollFor<T>(
  what: string,
  find: () => T | undefined,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = find();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
