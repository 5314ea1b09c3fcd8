import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { readRecordedRuns } from '../authoring/recorded-runs.js';
import type { RecordedRun } from '../authoring/recorded-runs.js';
import { updateScenarioFile } from '../authoring/update-scenario-file.js';
import { validateScenarioFiles } from '../authoring/validate-scenarios.js';
import { runCommand } from './run.js';
import type { RunOptions } from './run.js';

export interface UpdateExpectedOptions {
  updateExpected?: boolean;
  /** Record the stored event of every write, not only where the expectation already pins it. */
  stored?: boolean;
}

/**
 * Runs the selected scenarios and rewrites their expectations from what the mock recorded, then
 * prints a diff of each changed file. Returns the exit code: 0 when every run was recorded, 1 when
 * a run recorded nothing, 2 on usage errors or when the CI environment variable is set.
 */
export async function updateExpectedCommand(
  paths: string[],
  options: RunOptions & UpdateExpectedOptions,
): Promise<number> {
  // CI services set CI to "true" or "1"; "false" and "0" are how a user says it is not CI.
  if (process.env.CI && !['false', '0'].includes(process.env.CI.toLowerCase())) {
    console.error(
      'keen-harness run --update-expected: refusing to rewrite expectations because CI is set; run it locally, review the diff and commit the files',
    );
    return 2;
  }

  const workDir = await mkdtemp(join(tmpdir(), 'keen-harness-update-'));
  try {
    const reportFile = join(workDir, 'report.json');
    console.log(
      'Recording the selected scenarios; a failure below means the current expectation differs from what was sent.',
    );
    // A recording run fails wherever an expectation is outdated, so its JUnit report stays private.
    const code = await runCommand(paths, {
      ...options,
      junit: join(workDir, 'junit.xml'),
      jsonReport: reportFile,
      outputDir: join(workDir, 'test-results'),
    });
    if (code === 2) return 2;
    return await rewriteFromReport(paths, await readRecordedRuns(reportFile), options.stored);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Name of the reference destination's target; expectations are recorded from it alone. */
const REFERENCE_TARGET = 'reference';

async function rewriteFromReport(
  paths: string[],
  runs: RecordedRun[],
  stored = false,
): Promise<number> {
  const { scenarios } = await validateScenarioFiles(paths);
  let changed = 0;
  let incomplete = 0;

  for (const { file, scenario } of scenarios) {
    const own = runs.filter(
      (run) => run.id === scenario.id && (run.target === null || run.target === REFERENCE_TARGET),
    );
    if (own.length === 0) continue;
    const absolute = resolve(file);
    const text = await readFile(absolute, 'utf8');
    const update = await updateScenarioFile(absolute, text, scenario, own, { stored });
    for (const note of update.notes) console.log(`${file}: ${note}`);
    if (update.incomplete) incomplete++;
    if (update.after === update.before) continue;

    await writeFile(absolute, update.after);
    changed++;
    process.stdout.write(createTwoFilesPatch(file, file, update.before, update.after, '', ''));
  }

  const recorded = new Set(runs.map((run) => run.id)).size;
  console.log(`${changed} of ${recorded} scenario file(s) updated`);
  if (incomplete > 0) {
    console.error(
      `${incomplete} scenario file(s) had a run that recorded nothing; see the notes above`,
    );
    return 1;
  }
  return 0;
}
