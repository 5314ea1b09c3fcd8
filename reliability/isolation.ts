import type { Scenario } from '../schemas/generated/types.js';
import type { RunOutcome } from './catalogue-run.js';

/** The parts of a journal record the isolation check reads. */
interface RecordView {
  runId?: unknown;
  projectId?: unknown;
  collection?: unknown;
  body?: unknown;
}

/** Collect every string value in a scenario file: event names, user ids, expected collections and the rest. */
function collectStrings(value: unknown, into: Set<string>): Set<string> {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) value.forEach((item) => collectStrings(item, into));
  else if (typeof value === 'object' && value !== null)
    Object.values(value).forEach((item) => collectStrings(item, into));
  return into;
}

/** Build the run id prefix that `makeRunId` gives every run of a scenario in a mode. */
export function runIdPrefix(scenarioId: string, mode: string): string {
  return `${scenarioId.replace(/[^A-Za-z0-9._-]+/g, '.').slice(0, 80)}.${mode}.`;
}

/**
 * Build, for each scenario, the strings that appear in other scenarios' files and nowhere in its
 * own. A record of the scenario's run with such a collection or userId came from another run.
 */
function foreignMarkers(scenarios: Scenario[]): Map<string, Set<string>> {
  const own = new Map(
    scenarios.map((scenario) => [scenario.id, collectStrings(scenario, new Set())]),
  );
  const counts = new Map<string, number>();
  for (const strings of own.values())
    for (const text of strings) counts.set(text, (counts.get(text) ?? 0) + 1);

  const foreign = new Map<string, Set<string>>();
  for (const [id, strings] of own) {
    foreign.set(id, new Set([...counts.keys()].filter((text) => !strings.has(text))));
  }
  return foreign;
}

function userIdOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const userId = (body as Record<string, unknown>).userId;
  return typeof userId === 'string' ? userId : null;
}

/** List every record of `outcome` that does not belong to its own run. */
function checkOutcome(outcome: RunOutcome, foreign: Set<string>): string[] {
  const label = `${outcome.scenarioId} [${outcome.mode}]`;
  const records = outcome.attachments['keen-records.json'];
  const settings = outcome.attachments['settings.json'] as { projectId?: string } | undefined;
  if (records === undefined) return [];
  if (!Array.isArray(records)) return [`${label}: keen-records.json is not a list`];

  const problems: string[] = [];
  const prefix = runIdPrefix(outcome.scenarioId, outcome.mode);
  const runIds = new Set<unknown>();
  for (const record of records as RecordView[]) {
    runIds.add(record.runId);
    const where = `${label}: record in run ${String(record.runId)}`;
    if (typeof record.runId !== 'string' || !record.runId.startsWith(prefix))
      problems.push(`${where} has a run id that does not start with ${prefix}`);
    if (settings?.projectId && record.projectId !== settings.projectId)
      problems.push(
        `${where} has project ${String(record.projectId)}, expected ${settings.projectId}`,
      );
    if (typeof record.collection === 'string' && foreign.has(record.collection))
      problems.push(
        `${where} has collection ${JSON.stringify(record.collection)}, which only other scenarios use`,
      );
    const userId = userIdOf(record.body);
    if (userId !== null && foreign.has(userId))
      problems.push(
        `${where} has userId ${JSON.stringify(userId)}, which only other scenarios use`,
      );
  }
  if (runIds.size > 1)
    problems.push(`${label}: its records carry ${runIds.size} run ids: ${[...runIds].join(', ')}`);
  return problems;
}

/**
 * Check that no run saw another run's records: every record of a run carries that run's id and
 * its scenario's project, and no collection or userId that only other scenarios use.
 */
export function findIsolationProblems(outcomes: RunOutcome[], scenarios: Scenario[]): string[] {
  const foreign = foreignMarkers(scenarios);
  return outcomes.flatMap((outcome) =>
    checkOutcome(outcome, foreign.get(outcome.scenarioId) ?? new Set()),
  );
}
