import { expect, test } from '@playwright/test';
import { MUTANTS } from '../../harness/mutants/catalogue.js';
import { runMutants } from '../../harness/mutants/run-mutants.js';

test('catalogue fails every mutant', async () => {
  test.setTimeout(300_000);
  expect(MUTANTS.length).toBeGreaterThanOrEqual(8);

  // Each mutant runs only the scenarios of its area, and stops at the first one that fails it.
  const verdicts = await runMutants({ mutants: MUTANTS, stopAtFirstCatch: true });
  for (const verdict of verdicts) {
    expect(verdict.errors, `errors while running mutant ${verdict.mutant.id}`).toEqual([]);
    expect(
      verdict.caughtBy.length,
      `mutant ${verdict.mutant.id} (${verdict.mutant.description}) passed all ${verdict.runs} run(s) of ${verdict.mutant.area.join(', ')}`,
    ).toBeGreaterThan(0);
  }
});
