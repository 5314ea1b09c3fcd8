import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../schemas/generated/types.js';
import type { RecordedWrite } from '../matching/judge.js';
import { expectedWrite, mergeExpected } from './expected-from-records.js';
import { expectedStored, givenStrings } from './volatile-values.js';

function record(fields: Partial<RecordedWrite>): RecordedWrite {
  return {
    seq: 1,
    collection: 'Purchased',
    body: {},
    stored: null,
    transport: 'jsonp',
    outcome: 'accepted',
    errorCode: null,
    status: 200,
    ...fields,
  };
}

const scenario = {
  calls: [{ type: 'track', event: 'Purchased', timestamp: '2014-01-01T00:00:00Z' }],
  settings: { projectId: '9181bcd23843312d87000000' },
} as unknown as Scenario;
const given = givenStrings(scenario);

describe('expectedWrite', () => {
  it('keeps a given timestamp literal', () => {
    const body = { keen: { timestamp: '2014-01-01T00:00:00.000Z', addons: [] } };
    expect(expectedWrite(record({ body }), undefined, given).body).toEqual(body);
  });

  it('replaces a run timestamp by iso-date-time', () => {
    const body = { keen: { timestamp: '2026-12-04T20:38:01.434Z', addons: [] } };
    expect(expectedWrite(record({ body }), undefined, given).body).toEqual({
      keen: { timestamp: { $match: 'iso-date-time' }, addons: [] },
    });
  });

  it('replaces an unknown UUID by uuid', () => {
    const body = { anonymousId: '3b241101-e2bb-4255-8caf-4136c566a962' };
    expect(expectedWrite(record({ body }), undefined, given).body).toEqual({
      anonymousId: { $match: 'uuid' },
    });
  });

  it('pins outcome, error code and transport', () => {
    const write = expectedWrite(
      record({ outcome: 'rejected', errorCode: 'InvalidPropertyNameError', transport: 'batch' }),
      undefined,
      given,
    );
    expect(write).toEqual({
      collection: 'Purchased',
      outcome: 'rejected',
      errorCode: 'InvalidPropertyNameError',
      transport: 'batch',
      body: {},
    });
  });

  it('keeps a current write that still matches', () => {
    const current = { collection: 'Purchased', body: { $match: 'subset' as const, value: {} } };
    expect(expectedWrite(record({ body: { a: 1 } }), current, given)).toBe(current);
  });

  it('adds stored when asked', () => {
    const current = { collection: 'Purchased', body: { a: 1 } };
    const stored = { a: 1, keen: { id: '6f30e0700effef0000000001' } };
    const write = expectedWrite(record({ body: { a: 1 }, stored }), current, given, true);
    expect(write.stored).toEqual({ a: 1, keen: { id: { $match: 'keen-id' } } });
  });

  it('leaves transport out where the author did', () => {
    const current = { collection: 'Purchased', body: { a: 2 } };
    expect(expectedWrite(record({ body: { a: 1 } }), current, given)).toEqual({
      collection: 'Purchased',
      body: { a: 1 },
    });
  });
});

describe('mergeExpected', () => {
  it('keeps a matcher that still matches', () => {
    const current = { id: { $match: 'regex' as const, pattern: '^o-' }, n: 1 };
    expect(mergeExpected(current, { id: 'o-2', n: 2 }, { id: 'o-2', n: 2 })).toEqual({
      id: { $match: 'regex', pattern: '^o-' },
      n: 2,
    });
  });

  it('replaces a matcher that no longer matches', () => {
    const current = { id: { $match: 'regex' as const, pattern: '^o-' } };
    expect(mergeExpected(current, { id: 'x' }, { id: 'x' })).toEqual({ id: 'x' });
  });

  it('keeps absent for a key still missing', () => {
    const current = { user: { $match: 'absent' as const } };
    expect(mergeExpected(current, { a: 1 }, { a: 1 })).toEqual({
      a: 1,
      user: { $match: 'absent' },
    });
  });
});

describe('expectedStored', () => {
  const body = {
    ip_address: '${keen.ip}',
    user_agent: '${keen.user_agent}',
    keen: {
      timestamp: '2014-01-01T00:00:00.000Z',
      addons: [
        { name: 'keen:ua_parser', input: { ua_string: 'user_agent' }, output: 'parsed_user_agent' },
      ],
    },
  };
  const stored = {
    ip_address: '127.0.0.1',
    user_agent: 'Mozilla/5.0 HeadlessChrome/150.0.0.0',
    parsed_user_agent: { browser: { family: 'HeadlessChrome', major: 150 } },
    keen: {
      timestamp: '2014-01-01T00:00:00.000Z',
      created_at: '2026-12-04T20:38:01.434Z',
      id: '6f30e0700effef0000000001',
    },
  };

  it('replaces server fields and placeholder values', () => {
    expect(expectedStored(stored, body, given)).toEqual({
      ip_address: { $match: 'keen-ip', form: 'value' },
      user_agent: { $match: 'keen-user-agent', form: 'value' },
      parsed_user_agent: { $match: 'type', type: 'object' },
      keen: {
        timestamp: '2014-01-01T00:00:00.000Z',
        created_at: { $match: 'iso-date-time' },
        id: { $match: 'keen-id' },
      },
    });
  });

  it('expects absent for a rejected event', () => {
    expect(expectedStored(null, body, given)).toEqual({ $match: 'absent' });
  });
});
