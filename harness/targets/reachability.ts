import type { TargetDefinition } from './definitions.js';

/** Raised when a configured cloud target does not respond; the CLI exits 2 before any run. */
export class TargetUnreachableError extends Error {
  override name = 'TargetUnreachableError';
}

/** Time one reachability request may take, in milliseconds. */
const REACH_TIMEOUT_MS = 5_000;

/**
 * Checks that every selected cloud target with a fixed `baseUrl` responds to HTTP, with any status.
 * Targets the harness starts itself are checked when their worker starts them.
 */
export async function checkTargetsReachable(targets: readonly TargetDefinition[]): Promise<void> {
  for (const target of targets) {
    const baseUrl = target.config?.cloud?.baseUrl;
    if (!baseUrl || target.config?.cloud?.start) continue;
    try {
      await fetch(baseUrl, { signal: AbortSignal.timeout(REACH_TIMEOUT_MS) });
    } catch (error) {
      const cause =
        (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new TargetUnreachableError(
        `target ${target.name}: cloud base URL ${baseUrl} does not respond (${cause}); start the destination before the gate`,
      );
    }
  }
}
