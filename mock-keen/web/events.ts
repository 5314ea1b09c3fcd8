import type { Request, Response } from 'express';

import type { Journal, JournalChange } from '../core/journal.js';

/** Interval of the comment line that keeps idle connections and proxies from timing out. */
const KEEP_ALIVE_MS = 15_000;

/**
 * Stream journal changes as server-sent events: `record` with `{record, stats}` for each appended
 * record, `reset` with `{runId, stats}` for each reset run. Each event carries the journal's counts,
 * so a page shows drops as they happen.
 */
export function streamJournal(journal: Journal, req: Request, res: Response): void {
  res.status(200).set({
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
  });
  res.flushHeaders();
  res.write(`event: ready\ndata: ${JSON.stringify({ stats: journal.stats() })}\n\n`);

  const send = (change: JournalChange): void => {
    const data = change.type === 'record' ? { record: change.record } : { runId: change.runId };
    res.write(
      `event: ${change.type}\ndata: ${JSON.stringify({ ...data, stats: journal.stats() })}\n\n`,
    );
  };
  const unsubscribe = journal.subscribe(send);
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);

  req.on('close', () => {
    clearInterval(keepAlive);
    unsubscribe();
  });
}
