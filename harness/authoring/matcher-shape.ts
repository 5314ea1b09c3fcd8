import leven from 'leven';
import type { ScenarioProblem } from '../scenarios/load.js';
import type { AuthoringProblem, Finding } from './finding.js';

/** Each matcher's fields besides `$match`; range needs at least one of its two. */
export const MATCHER_FIELDS: Record<string, string[]> = {
  any: [],
  absent: [],
  'iso-date-time': [],
  uuid: [],
  'keen-id': [],
  'keen-ip': [],
  'keen-user-agent': [],
  type: ['type'],
  regex: ['pattern'],
  range: ['min', 'max'],
  subset: ['value'],
  unordered: ['items'],
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
  const fields = MATCHER_FIELDS[name];
  const extra = Object.keys(matcher).find((key) => key !== '$match' && !fields.includes(key));
  if (extra) {
    return {
      message: `the ${name} matcher has no "${extra}" field`,
      hint:
        fields.length > 0
          ? `its fields are ${fields.join(', ')}`
          : 'write only {"$match": "' + name + '"}',
    };
  }
  const present = fields.filter((field) => field in matcher);
  const needsAll = name !== 'range';
  if ((needsAll && present.length < fields.length) || present.length === 0) {
    const missing = fields.filter((field) => !(field in matcher));
    return {
      message: `the ${name} matcher needs ${needsAll ? missing.map((field) => `"${field}"`).join(' and ') : '"min" or "max"'}`,
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
