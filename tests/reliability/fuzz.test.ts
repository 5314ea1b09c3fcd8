import { describe, expect, it } from 'vitest';

import { runFuzz } from '../../reliability/fuzz/run-fuzz.js';

describe('mock under malformed requests', () => {
  it('rejects 1,000 with Keen-shaped 4xx', async () => {
    const report = await runFuzz({ requests: 1_000 });

    expect(report.failure, `seed ${report.seed}`).toBeNull();
    expect(report.problems, `seed ${report.seed}`).toEqual([]);
    expect(Object.keys(report.families).sort()).toEqual(
      expect.arrayContaining(['GET', 'batch', 'inspection', 'route', 'single POST']),
    );
  }, 60_000);
});
