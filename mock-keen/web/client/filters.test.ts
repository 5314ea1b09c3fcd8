import { describe, expect, it } from 'vitest';

import type { JournalRecord } from '../../core/types.js';
import { countByCollection, matchesFilters, readFilters, writeFilters } from './filters.js';

function record(overrides: Partial<JournalRecord>): JournalRecord {
  return {
    seq: 1,
    runId: 'run-a',
    requestId: 'request-1',
    projectId: 'project-1',
    collection: 'purchases',
    body: { item: 'Shirt' },
    stored: null,
    transport: 'post',
    method: 'POST',
    path: '/3.0/projects/project-1/events/purchases',
    keyLocation: 'header',
    keyKind: 'write',
    outcome: 'accepted',
    errorCode: null,
    status: 201,
    receivedAt: '2026-01-01T12:00:00.000Z',
    ...overrides,
  };
}

describe('view filters', () => {
  it('round-trip through the query string', () => {
    const filters = readFilters('?run=run-a&outcome=rejected&q=shirt');

    expect(filters).toMatchObject({
      run: 'run-a',
      outcome: 'rejected',
      q: 'shirt',
      collection: '',
    });
    expect(writeFilters(filters)).toBe('?run=run-a&outcome=rejected&q=shirt');
  });

  it('write nothing when empty', () => {
    expect(writeFilters(readFilters(''))).toBe('');
  });

  it('match text in properties case-insensitively', () => {
    expect(matchesFilters(record({}), readFilters('?q=SHIRT'))).toBe(true);
    expect(matchesFilters(record({}), readFilters('?q=hat'))).toBe(false);
  });

  it('read a time without a zone as UTC', () => {
    expect(matchesFilters(record({}), readFilters('?from=2026-01-01T12:00:00'))).toBe(true);
    expect(matchesFilters(record({}), readFilters('?from=2026-01-01T12:00:01'))).toBe(false);
    expect(matchesFilters(record({}), readFilters('?to=2026-01-01T11:59:59Z'))).toBe(false);
  });

  it('match run, project, outcome and transport exactly', () => {
    const rejected = record({ outcome: 'rejected', transport: 'jsonp' });

    expect(
      matchesFilters(
        rejected,
        readFilters('?outcome=rejected&transport=jsonp&run=run-a&project=project-1'),
      ),
    ).toBe(true);
    expect(matchesFilters(rejected, readFilters('?transport=post'))).toBe(false);
    expect(matchesFilters(rejected, readFilters('?run=run-b'))).toBe(false);
  });

  it('count collections ignoring the collection filter', () => {
    const records = [
      record({}),
      record({ seq: 2 }),
      record({ seq: 3, collection: 'views' }),
      record({ seq: 4, outcome: 'rejected' }),
    ];

    expect(countByCollection(records, readFilters('?collection=views&outcome=accepted'))).toEqual([
      ['purchases', 2],
      ['views', 1],
    ]);
  });
});
