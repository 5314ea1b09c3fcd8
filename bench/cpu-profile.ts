import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** A node of a V8 `.cpuprofile`, as `node --cpu-prof` writes it. */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** One function's share of the samples of a profile. */
export interface ProfileEntry {
  /** `functionName (file:line)`, the file relative to the repository. */
  frame: string;
  /** Share of all samples, from 0 to 1, in the function itself (self time). */
  selfShare: number;
}

function describeFrame(node: ProfileNode, root: string): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const name = functionName || '(anonymous)';
  if (!url) return name;
  const path = url.startsWith('file://') ? relative(root, new URL(url).pathname) : url;
  return `${name} (${path}:${lineNumber + 1})`;
}

/** The functions with the most self time in one profile, highest first; idle time is left out. */
export function topSelfTime(profile: CpuProfile, root: string, limit: number): ProfileEntry[] {
  const byFrame = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0 || node.callFrame.functionName === '(idle)') continue;
    total += hits;
    const frame = describeFrame(node, root);
    byFrame.set(frame, (byFrame.get(frame) ?? 0) + hits);
  }
  return [...byFrame]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([frame, hits]) => ({ frame, selfShare: hits / total }));
}

/** Read the largest `.cpuprofile` in `folder`: the main thread's, where the server runs. */
export async function readLargestProfile(folder: string): Promise<CpuProfile> {
  const names = (await readdir(folder)).filter((name) => name.endsWith('.cpuprofile'));
  if (names.length === 0) throw new Error(`no .cpuprofile file in ${folder}`);
  const profiles = await Promise.all(
    names.map(async (name) => JSON.parse(await readFile(join(folder, name), 'utf8')) as CpuProfile),
  );
  return profiles.sort((a, b) => b.nodes.length - a.nodes.length)[0];
}
