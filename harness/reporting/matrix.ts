import type { GateResult, GateStatus } from './gate-results.js';

/** The text of each status in a matrix cell; a scenario a target does not run shows `—`. */
export const CELL_TEXT: Record<GateStatus, string> = {
  passed: 'pass',
  failed: 'FAIL',
  'expected-failure': 'expected fail',
  'unexpected-pass': 'UNEXPECTED PASS',
  error: 'ERROR',
  skipped: 'skipped',
};

/** A scenario x (target, mode) table built from gate results. */
export interface Matrix {
  scenarios: string[];
  columns: { target: string; mode: string }[];
  /** Cell text by scenario, then by `target mode` column key. */
  cells: Map<string, Map<string, string>>;
}

function columnKey(target: string, mode: string): string {
  return `${target} ${mode}`;
}

/** Builds the table; rows and columns are sorted, targets in the order they first appear. */
export function buildMatrix(results: readonly GateResult[]): Matrix {
  const targets = [...new Set(results.map((result) => result.target))];
  const modes = [...new Set(results.map((result) => result.mode))].sort();
  const columns = targets.flatMap((target) =>
    modes
      .filter((mode) => results.some((r) => r.target === target && r.mode === mode))
      .map((mode) => ({ target, mode })),
  );
  const scenarios = [...new Set(results.map((result) => result.scenario))].sort();
  const cells = new Map<string, Map<string, string>>();
  for (const result of results) {
    const row = cells.get(result.scenario) ?? new Map<string, string>();
    row.set(columnKey(result.target, result.mode), CELL_TEXT[result.status]);
    cells.set(result.scenario, row);
  }
  return { scenarios, columns, cells };
}

function cell(matrix: Matrix, scenario: string, target: string, mode: string): string {
  return matrix.cells.get(scenario)?.get(columnKey(target, mode)) ?? '—';
}

/** Renders the table as GitHub-flavoured Markdown. */
export function renderMarkdown(matrix: Matrix): string {
  const escape = (text: string) => text.replaceAll('|', '\\|');
  const header = ['scenario', ...matrix.columns.map((c) => `${escape(c.target)} (${c.mode})`)];
  const lines = [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...matrix.scenarios.map(
      (scenario) =>
        `| ${[escape(scenario), ...matrix.columns.map((c) => cell(matrix, scenario, c.target, c.mode))].join(' | ')} |`,
    ),
  ];
  return `# Conformance matrix\n\n${lines.join('\n')}\n`;
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** Renders the table as a standalone HTML page; each cell's class is its status text. */
export function renderHtml(matrix: Matrix): string {
  const head = matrix.columns
    .map((c) => `<th>${escapeHtml(c.target)}<br>${escapeHtml(c.mode)}</th>`)
    .join('');
  const rows = matrix.scenarios
    .map((scenario) => {
      const cells = matrix.columns
        .map((c) => {
          const text = cell(matrix, scenario, c.target, c.mode);
          const kind = text.toLowerCase().replace(/[^a-z]+/g, '-');
          return `<td class="${kind}">${escapeHtml(text)}</td>`;
        })
        .join('');
      return `<tr><th scope="row">${escapeHtml(scenario)}</th>${cells}</tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>Conformance matrix</title>
<style>
  body { font-family: system-ui, sans-serif; }
  table { border-collapse: collapse; }
  th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: left; }
  .pass { background: #e6f4ea; }
  .fail, .unexpected-pass, .error { background: #fce8e6; }
  .expected-fail { background: #fef7e0; }
</style>
<h1>Conformance matrix</h1>
<table>
<thead><tr><th>scenario</th>${head}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
</html>
`;
}
