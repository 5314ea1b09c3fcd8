import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

async function listScenarioFiles(path: string): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return [path];
  const entries = await readdir(path, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/**
 * Write `factor` copies of every scenario under the `catalogue` paths into `dir`, copy `n` in
 * `dir/copy{n}/` with the id `copy{n}/{id}`, so the copies run side by side as distinct scenarios.
 * Returns the number of scenario files written.
 */
export async function writeCatalogueCopies(
  catalogue: string[],
  factor: number,
  dir: string,
): Promise<number> {
  const files: Array<{ file: string; root: string }> = [];
  for (const path of catalogue) {
    for (const file of await listScenarioFiles(path)) files.push({ file, root: dirname(path) });
  }
  let written = 0;
  for (const { file, root } of files) {
    const scenario = JSON.parse(await readFile(file, 'utf8')) as { id: string; $schema?: string };
    for (let copy = 0; copy < factor; copy++) {
      const target = join(dir, `copy${copy}`, relative(root, file));
      await mkdir(dirname(target), { recursive: true });
      const { $schema: _schema, ...rest } = scenario;
      await writeFile(
        target,
        JSON.stringify({ ...rest, id: `copy${copy}/${scenario.id}` }, null, 2),
      );
      written++;
    }
  }
  return written;
}
