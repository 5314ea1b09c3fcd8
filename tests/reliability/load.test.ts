import { describe, expect, it } from 'vitest';

import { findLoadProblems } from '../../reliability/load-checks.js';
import { runLoad } from '../../reliability/load.js';

describe('mock under load', () => {
  it('records 5 clients x 2,000 events once', async () => {
    const report = await runLoad({ clients: 5, events: 10_000, batchSize: 10, deadlineMs: 60_000 });

    expect(report.failures, 'failed requests').toEqual([]);
    expect(report.stoppedByDeadline, 'stopped by the deadline').toBe(false);
    expect(report.sentEvents).toBe(10_000);
    expect(report.journal.accepted, 'accepted records').toBe(10_000);
    expect(report.journal.uniqueIds, 'distinct event ids').toBe(10_000);
    expect(report.journal.duplicates, 'ids recorded twice').toBe(0);
    expect(report.journal.missing, 'ids never recorded').toBe(0);
    expect(report.journal.rejected, 'rejected records').toBe(0);
    expect(findLoadProblems(report), 'memory after reset').toEqual([]);
  }, 120_000);
});
