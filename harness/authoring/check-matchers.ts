import type { ExpectedValue, Matcher, Scenario } from '../../schemas/generated/types.js';
import { isMatcher } from '../matching/match-value.js';
import type { Findings } from './finding.js';

type Where = 'value' | 'array item';

/** Reports matchers that can never pass or are written where the harness does not read them. */
export function checkMatchers(scenario: Scenario, findings: Findings): void {
  for (const [key, expectation] of Object.entries(scenario.expect)) {
    expectation?.writes?.forEach((write, index) => {
      const pointer = `/expect/${key}/writes/${index}`;
      if (isMatcher(write.body) && write.body.$match === 'absent') {
        findings.error(
          `${pointer}/body`,
          'can never match: every recorded write has a body',
          'use null for a body Keen could not decode, or leave body out to skip the check',
        );
      }
      if (write.body !== undefined) walk(write.body, `${pointer}/body`, 'value', findings);
      if (write.stored !== undefined) walk(write.stored, `${pointer}/stored`, 'value', findings);
    });
  }
  scenario.calls.forEach((call, index) => findMatchersInCall(call, `/calls/${index}`, findings));
}

function walk(value: ExpectedValue, pointer: string, where: Where, findings: Findings): void {
  if (isMatcher(value)) {
    checkMatcher(value, pointer, where, findings);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, `${pointer}/${index}`, 'array item', findings));
    return;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      walk(item, `${pointer}/${escapeSegment(key)}`, 'value', findings);
    }
  }
}

function checkMatcher(matcher: Matcher, pointer: string, where: Where, findings: Findings): void {
  switch (matcher.$match) {
    case 'absent':
      if (where === 'array item') {
        findings.error(
          pointer,
          'uses "absent" as an array item, which can never match: an array has no missing items',
          'shorten the array, or use {"$match": "unordered", "items": [...]} for items in any order',
        );
      }
      return;
    case 'regex':
      checkPattern(matcher.pattern, `${pointer}/pattern`, findings);
      return;
    case 'range':
      if (matcher.min !== undefined && matcher.max !== undefined && matcher.min > matcher.max) {
        findings.error(
          pointer,
          `has min ${matcher.min} greater than max ${matcher.max}, so no number matches`,
          'swap min and max',
        );
      }
      return;
    case 'subset':
      for (const [key, item] of Object.entries(matcher.value)) {
        walk(item, `${pointer}/value/${escapeSegment(key)}`, 'value', findings);
      }
      return;
    case 'unordered':
      matcher.items.forEach((item, index) =>
        walk(item, `${pointer}/items/${index}`, 'array item', findings),
      );
      return;
    default:
      return;
  }
}

/** Compiles a pattern as the matcher does, with the `u` flag, which rejects escapes plain mode allows. */
function checkPattern(pattern: string, pointer: string, findings: Findings): void {
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    findings.error(
      pointer,
      `is not a valid regular expression: ${(error as Error).message}`,
      'patterns are JavaScript regular expressions with the u flag; in JSON a backslash is written \\\\',
    );
  }
}

function findMatchersInCall(value: unknown, pointer: string, findings: Findings): void {
  if (isMatcher(value)) {
    findings.error(
      pointer,
      'is a matcher inside a call, where it is sent to the destination as a literal object',
      'matchers belong in expect; write the literal value the call should send',
    );
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, item] of Object.entries(value)) {
    findMatchersInCall(item, `${pointer}/${escapeSegment(key)}`, findings);
  }
}

function escapeSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
