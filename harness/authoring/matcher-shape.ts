import leven from 'leven';
import type { ScenarioProblem } from '../scenarios/load.js';
import type { AuthoringProblem, Finding } from './finding.js';

/** Fields of one matcher besides `$match`. */
interface MatcherFields {
  required: string[];
  optional: string[];
  /** At least one of these is required. */
  oneOf?: string[];
}

const NO_FIELDS: MatcherFields = { required: [], optional: [] };
const PLACEHOLDER_FIELDS: MatcherFields = { required: [], optional: ['form'] };

/** Each matcher's fields, as the scenario schema defines them. */
export const MATCHER_FIELDS: Record<string, MatcherFields> = {
  any: NO_FIELDS,
  absent: NO_FIELDS,
  'iso-date-time': NO_FIELDS,
  uuid: NO_FIELDS,
  'keen-id': NO_FIELDS,
  'keen-ip': PLACEHOLDER_FIELDS,
  'keen-user-agent': PLACEHOLDER_FIELDS,
  type: { required: ['type'], optional: [] },
  regex: { required: ['pattern'], optional: [] },
  range: { required: [], optional: ['min', 'max'], oneOf: ['min', 'max'] },
  subset: { required: ['value'], optional: [] },
  unordered: { required: ['items'], optional: [] },
};

const MATCHER_NAMES = Object.keys(MATCHER_FIELDS);

/** Describes what is wrong with the shape of one matcher object, or returns null when nothing is. */
export function describeMatcherShape(
  matcher: Record<string, unknown>,
): Omit<Finding, 'pointer' | 'severity'> | null {
  const name = matcher.$match;
  if (typeof name !== 'string' || !(name in MATCHER_FIELDS)) {
    const closest = typeof name === 'string' ? closestMatcherName(name) : undefined;
    return {
      message: `unknown matcher ${JSON.stringify(name)}`,
      hint: `${closest ? `did you mean "${closest}"? ` : ''}the matchers are ${MATCHER_NAMES.join(', ')}`,
    };
  }

  const { required, optional, oneOf } = MATCHER_FIELDS[name];
  const fields = [...required, ...optional];
  const extra = Object.keys(matcher).find((key) => key !== '$match' && !fields.includes(key));
  if (extra) {
    return {
      message: `the ${name} matcher has no "${extra}" field`,
      hint:
        fields.length > 0
          ? `its fields are ${fields.join(', ')}`
          : `write only {"$match": "${name}"}`,
    };
  }

  const missing = required.filter((field) => !(field in matcher));
  if (missing.length > 0) {
    return {
      message: `the ${name} matcher needs ${missing.map((field) => `"${field}"`).join(' and ')}`,
      hint: 'see the matcher table in docs/authoring.md',
    };
  }
  if (oneOf && !oneOf.some((field) => field in matcher)) {
    return {
      message: `the ${name} matcher needs ${oneOf.map((field) => `"${field}"`).join(' or ')}`,
      hint: 'see the matcher table in docs/authoring.md',
    };
  }
  return null;
}

function closestMatcherName(name: string): string | undefined {
  const ranked = MATCHER_NAMES.map((known) => ({ known, distance: leven(name, known) })).sort(
    (a, b) => a.distance - b.distance,
  );
  return ranked[0].distance <= 3 ? ranked[0].known : undefined;
}

/** Lists every object with a `$match` key under /expect, with its JSON pointer. */
function findMatcherObjects(
  value: unknown,
  pointer: string,
  found: [string, Record<string, unknown>][],
): void {
  if (typeof value !== 'object' || value === null) return;
  if (!Array.isArray(value) && '$match' in value)
    found.push([pointer, value as Record<string, unknown>]);
  for (const [key, item] of Object.entries(value)) {
    findMatcherObjects(item, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, found);
  }
}

function isAncestorOrSelf(ancestor: string, pointer: string): boolean {
  return pointer === ancestor || pointer.startsWith(`${ancestor}/`);
}

/** Pointer of the expected body or stored event that contains a matcher. */
const EXPECTED_EVENT = /^\/expect\/[^/]+\/writes\/\d+\/(body|stored)/;

/**
 * Replaces the schema errors a malformed matcher causes with one problem that names it. The schema
 * reports every branch a value could have taken, so one wrong `$match` yields a dozen errors on the
 * matcher and on every object above it, up to the expected event.
 */
export function explainMatcherErrors(
  data: unknown,
  problems: ScenarioProblem[],
  locateAt: (pointer: string) => { line: number; column: number },
): AuthoringProblem[] {
  const found: [string, Record<string, unknown>][] = [];
  findMatcherObjects((data as { expect?: unknown } | null)?.expect, '/expect', found);

  let kept: AuthoringProblem[] = problems.map((problem) => ({ ...problem, severity: 'error' }));
  const explained: AuthoringProblem[] = [];
  for (const [pointer, matcher] of found) {
    const shape = describeMatcherShape(matcher);
    const event = EXPECTED_EVENT.exec(pointer)?.[0];
    if (!shape || !event) continue;
    const caused = (problem: ScenarioProblem) =>
      isAncestorOrSelf(event, problem.pointer) &&
      (isAncestorOrSelf(problem.pointer, pointer) || isAncestorOrSelf(pointer, problem.pointer));
    kept = kept.filter((problem) => !caused(problem));
    const file = problems[0]?.file ?? '';
    explained.push({ file, pointer, ...locateAt(pointer), ...shape, severity: 'error' });
  }
  return [...explained, ...kept];
}
