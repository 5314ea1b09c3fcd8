import { dirname, relative, sep } from 'node:path';
import type { Mode, Scenario, SegmentCall } from '../../schemas/generated/types.js';

/** Start of the title and source a new scenario gets; `validate` warns while they keep it. */
export const TEMPLATE_PLACEHOLDER = 'TODO:';

/** Settings in the catalogue's formats, the projectId being the catalogue's own sample. */
export const SAMPLE_SETTINGS = {
  projectId: '9181bcd23843312d87000000',
  writeKey: '4f5ad0a3c2e54e1b9a7d6c3b2a1f0e9d8c7b6a5f',
};

const SAMPLE_TIMESTAMP = '2024-01-02T03:04:05.678Z';

/** Inputs for scaffolding one scenario file. */
export interface ScaffoldInput {
  id: string;
  rule: string;
  modes?: Mode[];
  /** Absolute path of the new file, used for the relative `$schema` reference. */
  file: string;
  /** Absolute path of schemas/scenario.schema.json. */
  schemaFile: string;
}

/**
 * Returns the modes a rule's section applies to: section 3 is device mode, sections 4 to 6 are cloud mode
 * (mobile and audiences included), and the rest apply to both.
 */
export function modesForRule(rule: string): Mode[] {
  const section = Number(rule.split('.')[0]);
  if (section === 3) return ['device'];
  if (section >= 4 && section <= 6) return ['cloud'];
  return ['device', 'cloud'];
}

/** Returns a first call for the rule's section, with a fixed timestamp so writes repeat exactly. */
export function starterCall(rule: string, modes: Mode[]): SegmentCall {
  const timestamp = SAMPLE_TIMESTAMP;
  if (['3.5', '3.6', '4.6'].includes(rule)) {
    return { type: 'page', category: 'Docs', name: 'Index', timestamp };
  }
  if (rule === '5' && !modes.includes('device')) {
    return { type: 'screen', userId: 'user-42', category: 'Checkout', name: 'Cart', timestamp };
  }
  if (['3.3', '4.7'].includes(rule)) {
    return { type: 'identify', userId: 'user-42', traits: { plan: 'pro' }, timestamp };
  }
  return {
    type: 'track',
    ...(modes.includes('cloud') ? { userId: 'user-42' } : {}),
    event: 'Order Completed',
    properties: { orderId: 'o-1', revenue: 19.99 },
    timestamp,
  };
}

function schemaReference(file: string, schemaFile: string): string {
  return relative(dirname(file), schemaFile).split(sep).join('/');
}

/**
 * Builds a new scenario that passes validation as it is: every mode expects no writes until
 * `keen-harness run --update-expected` records what the destination sends.
 */
export function scaffoldScenario(input: ScaffoldInput): Scenario {
  const modes = input.modes ?? modesForRule(input.rule);
  if (modes.length === 0) throw new Error('a scenario needs at least one mode');
  return {
    $schema: schemaReference(input.file, input.schemaFile),
    version: '1.0',
    id: input.id,
    title: `${TEMPLATE_PLACEHOLDER} one sentence stating the behaviour`,
    rule: input.rule,
    source: `${TEMPLATE_PLACEHOLDER} public source of rule ${input.rule}: a documentation page, or a repository, path and commit`,
    modes: modes as Scenario['modes'],
    settings: { ...SAMPLE_SETTINGS },
    calls: [starterCall(input.rule, modes)],
    expect: Object.fromEntries(modes.map((mode) => [mode, { writes: [] }])),
  };
}
