import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { buildMatrix, renderHtml, renderMarkdown } from '../reporting/matrix.js';
import { REFERENCE_TARGET } from '../targets/definitions.js';
import { ConfigError, loadHarnessConfig } from '../targets/config.js';
import { runCommand } from './run.js';
import type { RunOptions } from './run.js';

export type MatrixOptions = Omit<RunOptions, 'onReport'>;

/**
 * Runs the catalogue against several targets in one Playwright run and writes
 * `{reportDir}/matrix.md` and `matrix.html`. Without `--target` it runs the reference and every
 * target of the config. Returns the exit code of the run.
 */
export async function matrixCommand(paths: string[], options: MatrixOptions): Promise<number> {
  let targets = options.target;
  if (!targets) {
    try {
      const { config } = await loadHarnessConfig(options.config);
      targets = [REFERENCE_TARGET, ...config.targets.map((target) => target.name)];
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      console.error(`keen-harness matrix: ${error.message}`);
      return 2;
    }
  }

  const reportDir = resolve(options.reportDir ?? 'reports');
  return runCommand(paths, {
    ...options,
    target: targets,
    reportDir,
    onReport: async (report) => {
      const matrix = buildMatrix(report.results);
      await mkdir(reportDir, { recursive: true });
      await writeFile(join(reportDir, 'matrix.md'), renderMarkdown(matrix));
      await writeFile(join(reportDir, 'matrix.html'), renderHtml(matrix));
      console.log(`Matrix: ${join(reportDir, 'matrix.md')} and matrix.html`);
    },
  });
}
