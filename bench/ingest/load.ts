import { fileURLToPath } from 'node:url';

import { forkTypeScript, nextMessage, waitForExit } from '../child-process.js';
import type { LoadPlan, LoadResult } from './load-generator.js';

const GENERATOR_ENTRY = fileURLToPath(new URL('./load-generator.ts', import.meta.url));

/** Run one autocannon load in a fresh child process and return what it measured. */
export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const child = forkTypeScript(GENERATOR_ENTRY, []);
  try {
    const reply = nextMessage<LoadResult & { type?: string }>(
      child,
      () => true,
      `load on ${plan.url}`,
    );
    child.send(plan);
    return await reply;
  } finally {
    await waitForExit(child);
  }
}
