import type { JournalRecord } from '../../core/types.js';
import type { JournalStats, RunSummary } from '../../persistence/storage.js';
import { forgetRequests, showDetail } from './detail.js';
import { byId, element, fillSelect } from './dom.js';
import {
  FILTER_NAMES,
  countByCollection,
  matchesFilters,
  readFilters,
  writeFilters,
  type ViewFilters,
} from './filters.js';

/** Rows drawn at most; the counts still cover every record the page holds. */
const MAX_ROWS = 500;

/** Records the page loads at start, most recent first. */
const INITIAL_RECORDS = 10_000;

const TRANSPORTS = ['post', 'batch', 'jsonp', 'image', 'redirect', 'beacon', 'beacon-batch'];

const state = {
  records: new Map<number, JournalRecord>(),
  runs: new Set<string>(),
  filters: readFilters(location.search),
};

const form = byId<HTMLFormElement>('filters');

function formControl(name: string): HTMLInputElement | HTMLSelectElement {
  return form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement;
}

function sortedRecords(): JournalRecord[] {
  return [...state.records.values()].sort((a, b) => a.seq - b.seq);
}

function distinct(values: Iterable<string | null>): string[] {
  return [...new Set([...values].filter((value): value is string => value !== null))].sort();
}

/** Show the journal's counts and how many entries its limits dropped. */
function renderStats(stats: JournalStats): void {
  const limits = [
    stats.limits.maxRecords === undefined ? null : `${stats.limits.maxRecords} records`,
    stats.limits.maxBytes === undefined ? null : `${stats.limits.maxBytes} bytes`,
  ].filter((limit) => limit !== null);
  const bound = limits.length === 0 ? 'no limit' : `limit ${limits.join(', ')}`;
  byId('journal-stats').textContent =
    `${stats.records} records and ${stats.requests} requests kept (${stats.storage}, ${bound})`;
  byId('dropped').textContent =
    `Dropped: ${stats.dropped.records} records, ${stats.dropped.requests} requests`;
}

function renderSelects(records: readonly JournalRecord[]): void {
  const { filters } = state;
  fillSelect(
    formControl('run') as HTMLSelectElement,
    'all runs',
    distinct([...state.runs, ...records.map((record) => record.runId)]),
    filters.run,
  );
  fillSelect(
    formControl('project') as HTMLSelectElement,
    'all projects',
    distinct(records.map((record) => record.projectId)),
    filters.project,
  );
  fillSelect(
    formControl('collection') as HTMLSelectElement,
    'all collections',
    distinct(records.map((record) => record.collection)),
    filters.collection,
  );
  fillSelect(
    formControl('transport') as HTMLSelectElement,
    'any transport',
    TRANSPORTS,
    filters.transport,
  );
  for (const name of ['outcome', 'from', 'to', 'q'] as const)
    formControl(name).value = filters[name];
}

function renderCounts(records: readonly JournalRecord[]): void {
  const rows = countByCollection(records, state.filters).map(([collection, count]) => {
    const row = element('tr');
    row.append(element('td', collection), element('td', String(count), 'number'));
    return row;
  });
  byId('collection-counts').replaceChildren(...rows);
}

function recordRow(record: JournalRecord): HTMLTableRowElement {
  const row = element('tr', '', record.outcome);
  row.dataset.seq = String(record.seq);
  if (String(record.seq) === state.filters.record) row.classList.add('selected');
  const outcome =
    record.errorCode === null ? record.outcome : `${record.outcome}: ${record.errorCode}`;
  row.append(
    element('td', String(record.seq), 'number'),
    element('td', record.receivedAt.replace('T', ' ').replace('Z', '')),
    element('td', record.runId),
    element('td', record.projectId),
    element('td', record.collection ?? '(none)'),
    element('td', record.transport),
    element('td', outcome),
    element('td', String(record.status), 'number'),
  );
  return row;
}

function renderRecords(records: readonly JournalRecord[]): void {
  const shown = records.filter((record) => matchesFilters(record, state.filters)).reverse();
  byId('shown-count').textContent =
    shown.length > MAX_ROWS
      ? `(latest ${MAX_ROWS} of ${shown.length})`
      : `(${shown.length} of ${records.length})`;
  byId('records-body').replaceChildren(...shown.slice(0, MAX_ROWS).map(recordRow));
}

function renderLinks(): void {
  const query = writeFilters(state.filters);
  byId<HTMLAnchorElement>('view-link').href = `/mock/ui${query}`;
  const exports = byId('exports');
  exports.hidden = state.filters.run === '';
  const run = encodeURIComponent(state.filters.run);
  byId<HTMLAnchorElement>('export-ndjson').href = `/mock/runs/${run}/export?format=ndjson`;
  byId<HTMLAnchorElement>('export-har').href = `/mock/runs/${run}/export?format=har`;
}

/** Draw the whole view from the state; the URL is kept equal to the filters. */
function render(): void {
  const records = sortedRecords();
  history.replaceState(null, '', `/mock/ui${writeFilters(state.filters)}`);
  renderSelects(records);
  renderCounts(records);
  renderRecords(records);
  renderLinks();
  void showDetail(state.records.get(Number(state.filters.record)));
}

function readForm(): void {
  const filters = { ...state.filters };
  for (const name of FILTER_NAMES) {
    if (name !== 'record') filters[name] = formControl(name).value.trim();
  }
  state.filters = filters as ViewFilters;
}

function addRecord(record: JournalRecord): void {
  state.records.set(record.seq, record);
  state.runs.add(record.runId);
}

function listen(): void {
  const events = new EventSource('/mock/events');
  const connection = byId('connection');
  events.addEventListener('open', () => (connection.textContent = 'live'));
  events.addEventListener('error', () => (connection.textContent = 'reconnecting…'));
  events.addEventListener('ready', (event) => renderStats(JSON.parse(event.data).stats));
  events.addEventListener('record', (event) => {
    const { record, stats } = JSON.parse(event.data) as {
      record: JournalRecord;
      stats: JournalStats;
    };
    addRecord(record);
    forgetRequests(record.runId);
    connection.textContent = `live, last record at ${new Date().toISOString().slice(11, 19)} UTC`;
    renderStats(stats);
    render();
  });
  events.addEventListener('reset', (event) => {
    const { runId, stats } = JSON.parse(event.data) as { runId: string; stats: JournalStats };
    for (const [seq, record] of state.records)
      if (record.runId === runId) state.records.delete(seq);
    forgetRequests(runId);
    renderStats(stats);
    render();
  });
}

async function load(): Promise<void> {
  listen();
  const [runs, records, stats] = await Promise.all([
    fetch('/mock/runs').then((response) => response.json() as Promise<{ runs: RunSummary[] }>),
    fetch(`/mock/records?limit=${INITIAL_RECORDS}`).then(
      (response) => response.json() as Promise<{ records: JournalRecord[] }>,
    ),
    fetch('/mock/journal').then((response) => response.json() as Promise<JournalStats>),
  ]);
  for (const run of runs.runs) state.runs.add(run.runId);
  for (const record of records.records) addRecord(record);
  renderStats(stats);
  render();
  document.body.dataset.state = 'loaded';
}

form.addEventListener('input', () => {
  readForm();
  render();
});
form.addEventListener('submit', (event) => event.preventDefault());
byId('records-body').addEventListener('click', (event) => {
  const row = (event.target as HTMLElement).closest('tr');
  if (row?.dataset.seq === undefined) return;
  state.filters = { ...state.filters, record: row.dataset.seq };
  render();
});

void load();
