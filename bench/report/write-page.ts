import type { ProfileEntry } from '../cpu-profile.js';
import type { BenchResults, Goal } from './results.js';
import { UNMET_GOAL_FINDINGS } from './findings.js';

const wide = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const narrow = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

/** Format a figure: ratios and other values under 10 with up to 3 decimals, the rest with 1. */
function format(value: number | null | undefined): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'n/a';
  return Math.abs(value) < 10 ? narrow.format(value) : wide.format(value);
}

function table(header: string[], rows: Array<Array<string | number>>): string {
  const cells = (row: Array<string | number>) =>
    `| ${row.map((cell) => (typeof cell === 'number' ? format(cell) : cell)).join(' | ')} |`;
  return [cells(header), `| ${header.map(() => '---').join(' | ')} |`, ...rows.map(cells)].join(
    '\n',
  );
}

function goalRows(goals: Goal[]): string {
  return table(
    ['goal', 'target', 'measured', 'met'],
    goals.map((goal) => [
      goal.name,
      `${goal.comparison} ${format(goal.target)}`,
      goal.measured,
      goal.met ? 'yes' : '**no**',
    ]),
  );
}

function ingestSection(figures: Record<string, number>): string {
  const rows: Array<Array<string | number>> = [];
  for (const shape of ['single', 'batch']) {
    for (const [name, key] of [
      ['mock-keen', 'mock'],
      ['bare node:http', 'node_http'],
      ['WireMock', 'wiremock'],
    ]) {
      const prefix = `ingest.${shape}.${key}`;
      rows.push([
        shape === 'single' ? 'single-event POST' : 'batch POST of 100',
        name,
        figures[`${prefix}.requests_per_s`],
        figures[`${prefix}.events_per_s`],
        figures[`${prefix}.latency_p50_ms`],
        figures[`${prefix}.latency_p99_ms`],
      ]);
    }
  }
  return table(['request', 'server', 'requests/s', 'events/s', 'p50 ms', 'p99 ms'], rows);
}

function suiteSection(figures: Record<string, number>): string {
  const row = (mode: string) => [
    mode,
    figures[`suite.${mode}.runs_count`],
    figures[`suite.${mode}.failed_count`],
    figures[`suite.${mode}.wall_ms`] / 1000,
    figures[`suite.${mode}.run_median_ms`],
    figures[`suite.${mode}.ready_median_ms`],
    figures[`settle.${mode}.median_ms`],
    figures[`settle.${mode}.p90_ms`],
    figures[`suite.${mode}.overhead_median_ms`],
  ];
  return table(
    [
      'mode',
      'runs',
      'failed',
      'wall s',
      'run median ms',
      'ready median ms',
      'settle median ms',
      'settle p90 ms',
      'overhead median ms',
    ],
    [row('device'), row('cloud')],
  );
}

function scalingSection(figures: Record<string, number>): string {
  const factors = Object.keys(figures)
    .map((key) => /^scaling\.x(\d+)\.wall_ms$/.exec(key)?.[1])
    .filter((factor): factor is string => factor !== undefined)
    .sort((a, b) => Number(a) - Number(b));
  const rows = factors.map((factor) => {
    const runs = figures[`scaling.x${factor}.runs_count`];
    const wallMs = figures[`scaling.x${factor}.wall_ms`];
    const cpuMs = figures[`scaling.x${factor}.cpu_ms`];
    return [`${factor}x`, runs, wallMs / 1000, wallMs / runs, cpuMs / 1000, cpuMs / runs];
  });
  return [
    table(['catalogue', 'runs', 'wall s', 'wall ms per run', 'CPU s', 'CPU ms per run'], rows),
    '',
    `Each figure is the median over ${format(figures['scaling.rounds_count'])} round(s). ` +
      `Least-squares fit of the wall times: ${format(figures['scaling.slope_ms_per_run'])} ms per run plus ${format(figures['scaling.intercept_ms'] / 1000)} s fixed, R² ${format(figures['scaling.r2'])}. ` +
      `The last step added ${format(figures['scaling.marginal_ratio'])} times the wall time per run that the first step added (1 is linear), ` +
      `and ${format(figures['scaling.cpu_marginal_ratio'])} times the CPU time per run. ` +
      `Taken one round at a time, the wall-time ratio ranged from ${format(figures['scaling.round_marginal_ratio_min'])} to ${format(figures['scaling.round_marginal_ratio_max'])}. ` +
      `Within the largest catalogue, a run of the last copy took ${format(figures['scaling.last_copy_duration_ratio'])} times as long as the same scenario's run in the first copy (median).`,
  ].join('\n');
}

function profileSection(profile: ProfileEntry[]): string {
  if (profile.length === 0) return 'No profile was recorded.';
  return table(
    ['self time', 'function'],
    profile.map((entry) => [`${format(entry.selfShare * 100)} %`, `\`${entry.frame}\``]),
  );
}

function findingsSection(goals: Goal[], figures: Record<string, number>): string {
  const unmet = goals.filter((goal) => !goal.met);
  if (unmet.length === 0) return 'Every goal was met in this run.';
  const fill = (text: string) =>
    text.replace(/\{([\w.]+)\}/g, (_, figure: string) => format(figures[figure]));
  return unmet
    .map(
      (goal) =>
        `- **${goal.name}** (${format(goal.measured)}): ${fill(UNMET_GOAL_FINDINGS[goal.figure] ?? 'no profile finding is recorded for this goal.')}`,
    )
    .join('\n');
}

/** Render `docs/benchmarks.md` from one run's results. */
export function renderPage(results: BenchResults): string {
  const { machine, figures, profile } = results;
  const memoryMb = machine.memoryBytes / 2 ** 30;
  return `# Benchmarks

Written by \`${results.command}\` on ${machine.date.slice(0, 10)}${results.smoke ? ' (a smoke run: the figures are not measurements)' : ''}.
Every figure is also in \`bench/results/latest.json\`, one per key.

Machine: ${machine.cpuModel}, ${machine.cores} cores, ${format(memoryMb)} GiB RAM, ${machine.os}, Node.js ${machine.node}.

## How it runs

\`npm run bench\` runs everything below and rewrites this page; this run took ${format(figures['bench.wall_s'])} s.
\`npm run bench -- --smoke\` runs each part on a few hundred requests and two scenarios. All servers bind
127.0.0.1 on port 0.

- **Ingest.** The mock, a bare \`node:http\` server that only parses the JSON and keeps it in an
  array, and WireMock ${'standalone'} (the \`wiremock\` npm package's jar on Java) run side by side, each in
  its own process. autocannon, in another process, sends the same write over keep-alive
  connections: a single-event POST, then a batch POST of 100 events. Each round visits the three
  servers in a rotated order after a warm-up; the figures are medians over the rounds, and each
  ratio is the median of the per-round ratios. After every load the bench checks that the server
  journaled every accepted event. autocannon records latency in whole milliseconds.
- **Settle.** \`keen-harness run\` runs the catalogue once per mode. The runners mark when the
  scenario's last call was handed to the Segment client, and the conformance test marks when the
  run was judged; settle is the time between them.
- **Suite and scaling.** Wall time of \`keen-harness run\` with Playwright's default workers, for the
  catalogue in each mode, and for 1x, 2x and 4x copies of the catalogue (new ids, in a temporary
  folder) in both modes. The copies run in rounds, each visiting the three sizes in a rotated order,
  and each size's figure is the median over the rounds, because other load on the shared cores
  changes from one pass to the next. CPU time is that of \`keen-harness run\` and every process it
  started, Chromium included, read from \`/proc\`. It counts the work done, so it shows whether the
  harness does more work per run as the catalogue grows, and other load changes it less than wall
  time, though it still does. Within the largest catalogue, each run of the last copy is compared
  with the same scenario's run in the first copy, which shows whether runs slow down as a suite goes on.
- **Memory.** The mock, with its journal bounded at \`journal.maxRecords\` = ${format(figures['memory.max_records_count'])}, journals
  ${format(figures['memory.events_count'])} events sent in batches of 100; the figure is its resident size after two forced collections.
  The same load then goes to a mock bounded at ${format(figures['memory.small_bound.max_records_count'])} records.

## Goals

${goalRows(results.goals)}

## Where a goal is not met

${findingsSection(results.goals, figures)}

## Ingest

${ingestSection(figures)}

## Settle and suite time

${suiteSection(figures)}

"ready" is the time from the runner's start until the destination could take calls (the page and
"Keen IO" loaded, or the source configured); "overhead" is test time outside the calls and the settle.

## How cost grows

${scalingSection(figures)}

## Memory

${format(figures['memory.events_count'])} events journaled at ${format(figures['memory.ingest_events_per_s'])} events/s: resident size ${format(figures['memory.rss_mb'])} MB (${format(figures['memory.rss_before_mb'])} MB before the first write), V8 heap in use ${format(figures['memory.heap_used_mb'])} MB, about ${format(figures['memory.heap_bytes_per_event'])} bytes per event.
With the journal bounded at ${format(figures['memory.small_bound.max_records_count'])} records, the same events were journaled at ${format(figures['memory.small_bound.ingest_events_per_s'])} events/s and left ${format(figures['memory.small_bound.rss_mb'])} MB resident.

## CPU profiles of the mock under ingest load

Self time of the mock process (\`node --cpu-prof\`) over the warm-up and every round of one request
shape, start-up included and idle time left out. \`writev\` is the system call that writes each reply
to the socket.

Single-event POSTs:

${profileSection(profile.single)}

Batch POSTs of 100 events:

${profileSection(profile.batch)}
`;
}
