import { describe, expect, it } from 'vitest';

import { lastCopyDurationRatio, marginalRatio } from './measure-scaling.js';
import type { ScenarioRun } from './read-report.js';

function run(title: string, durationMs: number, status = 'passed'): ScenarioRun {
  return { title, mode: 'cloud', status, durationMs, timings: null };
}

describe('marginalRatio', () => {
  it('is 1 for a straight line', () => {
    const points = [1, 2, 4].map((factor) => ({ runs: 100 * factor, ms: 5_000 + 300 * factor }));
    expect(marginalRatio(points)).toBeCloseTo(1, 10);
  });

  it('compares the last step with the first', () => {
    const points = [
      { runs: 100, ms: 10_000 },
      { runs: 200, ms: 20_000 },
      { runs: 400, ms: 50_000 },
    ];
    expect(marginalRatio(points)).toBeCloseTo(1.5, 10);
  });
});

describe('lastCopyDurationRatio', () => {
  it('pairs runs of the same scenario', () => {
    const runs = [
      run('copy0/a [cloud]', 100),
      run('copy0/b [cloud]', 10),
      run('copy0/c [cloud]', 50),
      run('copy1/a [cloud]', 999),
      run('copy2/a [cloud]', 200),
      run('copy2/b [cloud]', 30),
      run('copy2/c [cloud]', 50),
    ];
    expect(lastCopyDurationRatio(runs, 3)).toBe(2);
  });

  it('leaves out failed runs', () => {
    const runs = [
      run('copy0/a [cloud]', 100),
      run('copy0/b [cloud]', 100),
      run('copy1/a [cloud]', 100),
      run('copy1/b [cloud]', 5_000, 'failed'),
    ];
    expect(lastCopyDurationRatio(runs, 2)).toBe(1);
  });

  it('pairs device and cloud runs apart', () => {
    const runs = [
      run('copy0/a [device]', 400),
      run('copy0/a [cloud]', 20),
      run('copy1/a [device]', 400),
      run('copy1/a [cloud]', 20),
    ];
    expect(lastCopyDurationRatio(runs, 2)).toBe(1);
  });
});
