import type { ExpectedValue, Scenario } from '../../schemas/generated/types.js';
import {
  KEEN_IP_PLACEHOLDER,
  KEEN_USER_AGENT_PLACEHOLDER,
  matchValue,
} from '../matching/match-value.js';

/**
 * Collects the strings the scenario itself gives in calls, settings and page options. A recorded
 * value that is one of them is the scenario's input and stays literal. Anything else that looks
 * like a date or a UUID was made during the run, so it becomes a matcher.
 */
export function givenStrings(scenario: Scenario): Set<string> {
  const strings = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      strings.add(value);
      // Destinations send ISO dates in toISOString form, so the converted form counts as given too.
      const time = Date.parse(value);
      if (/^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(time)) {
        strings.add(new Date(time).toISOString());
      }
    } else if (typeof value === 'object' && value !== null) {
      Object.values(value).forEach(visit);
    }
  };
  visit([scenario.calls, scenario.settings, scenario.device, scenario.cloud]);
  return strings;
}

const LOOKS_LIKE_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const LOOKS_LIKE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Add-ons whose output depends on a value Keen fills in from the request, not on the event. */
const REQUEST_DEPENDENT_ADDONS: Record<string, string> = {
  'keen:ua_parser': 'ua_string',
};

function replaceVolatileStrings(value: unknown, given: Set<string>): ExpectedValue {
  if (typeof value === 'string' && !given.has(value)) {
    if (
      LOOKS_LIKE_DATE_TIME.test(value) &&
      matchValue({ $match: 'iso-date-time' }, value).length === 0
    ) {
      return { $match: 'iso-date-time' };
    }
    if (LOOKS_LIKE_UUID.test(value)) return { $match: 'uuid' };
  }
  if (Array.isArray(value)) return value.map((item) => replaceVolatileStrings(item, given));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, replaceVolatileStrings(item, given)]),
    );
  }
  return value as ExpectedValue;
}

/** Returns the expected form of a received body: timestamps and ids the run made become matchers. */
export function expectedBody(body: unknown, given: Set<string>): ExpectedValue {
  return replaceVolatileStrings(body, given);
}

/**
 * Returns the expected form of a stored event, by the body's rules and four more. `keen.id` becomes
 * keen-id and `keen.created_at` iso-date-time. A value Keen filled in for a placeholder of the body
 * becomes keen-ip or keen-user-agent with form value. The output of an add-on fed by such a value keeps only its
 * type, because it depends on the browser that ran.
 */
export function expectedStored(
  stored: Record<string, unknown> | null,
  body: unknown,
  given: Set<string>,
): ExpectedValue {
  // The judge reads a record without a stored event as a missing value, which only absent matches.
  if (stored === null) return { $match: 'absent' };
  const expected = replaceVolatileStrings(stored, given) as Record<string, ExpectedValue>;
  const received = (typeof body === 'object' && body !== null ? body : {}) as Record<
    string,
    unknown
  >;

  const keen = expected.keen;
  if (typeof keen === 'object' && keen !== null && !Array.isArray(keen) && !('$match' in keen)) {
    if ('id' in keen) keen.id = { $match: 'keen-id' };
    if ('created_at' in keen) keen.created_at = { $match: 'iso-date-time' };
  }
  for (const [key, value] of Object.entries(received)) {
    if (value === KEEN_IP_PLACEHOLDER && key in expected)
      expected[key] = { $match: 'keen-ip', form: 'value' };
    if (value === KEEN_USER_AGENT_PLACEHOLDER && key in expected) {
      expected[key] = { $match: 'keen-user-agent', form: 'value' };
    }
  }
  for (const addon of addonsOf(received)) {
    const input = REQUEST_DEPENDENT_ADDONS[addon.name];
    const field = input ? addon.input?.[input] : undefined;
    const fromPlaceholder = field !== undefined && received[field] === KEEN_USER_AGENT_PLACEHOLDER;
    if (fromPlaceholder && addon.output in expected) {
      expected[addon.output] = { $match: 'type', type: 'object' };
    }
  }
  return expected;
}

interface AddonDeclaration {
  name: string;
  input?: Record<string, string>;
  output: string;
}

function addonsOf(body: Record<string, unknown>): AddonDeclaration[] {
  const keen = body.keen as { addons?: unknown } | undefined;
  return Array.isArray(keen?.addons) ? (keen.addons as AddonDeclaration[]) : [];
}
