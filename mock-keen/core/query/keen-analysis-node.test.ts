import KeenAnalysis from 'keen-analysis';
import KeenTracking from 'keen-tracking';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createKeenMock } from '../../testing/index.js';

const PROJECT_ID = 'analysis-node-project';
const WRITE_KEY = 'analysis-node-write-key';
const READ_KEY = 'analysis-node-read-key';

// keen-analysis 3.7.0 in Node always calls https.request on the URL's host name without a port,
// so it can only reach port 443. MSW intercepts those requests in this process and hands them to
// the mock's core, which also serves the HTTP server.
const keen = createKeenMock({
  projects: [
    {
      projectId: PROJECT_ID,
      keys: [
        { key: WRITE_KEY, kind: 'write' },
        { key: READ_KEY, kind: 'read' },
      ],
    },
  ],
});
const server = setupServer(...keen.handlers);

beforeAll(async () => {
  // Any request the handlers do not serve fails, so nothing reaches the network.
  server.listen({ onUnhandledRequest: 'error' });
  const tracking = new KeenTracking({
    projectId: PROJECT_ID,
    writeKey: WRITE_KEY,
    retry: { limit: 0 },
  });
  await tracking.recordEvents({
    signups: [
      { plan: 'pro', seats: 5, keen: { timestamp: '2024-02-01T09:00:00.000Z' } },
      { plan: 'free', seats: 1, keen: { timestamp: '2024-02-02T09:00:00.000Z' } },
      { plan: 'pro', seats: 3, keen: { timestamp: '2024-02-03T09:00:00.000Z' } },
    ],
  });
});

afterAll(() => server.close());

/** keen-analysis 3.7.0's Node client with its default host, https://api.keen.io. */
function analysisClient(): KeenAnalysis {
  return new KeenAnalysis({ projectId: PROJECT_ID, readKey: READ_KEY });
}

describe('keen-analysis in Node through MSW', () => {
  it('counts with a filter and group_by', async () => {
    const response = await analysisClient().query('count', {
      eventCollection: 'signups',
      filters: [{ propertyName: 'seats', operator: 'gt', propertyValue: 1 }],
      groupBy: 'plan',
    });

    expect(response.result).toEqual([{ plan: 'pro', result: 2 }]);
  });

  it('extracts the latest event', async () => {
    const response = await analysisClient().query({
      analysisType: 'extraction',
      eventCollection: 'signups',
      propertyNames: ['plan', 'seats'],
      latest: 1,
    });

    expect(response.result).toEqual([{ plan: 'pro', seats: 3 }]);
  });

  it('posts the query with the read key', async () => {
    const requests: Request[] = [];
    const capture = ({ request }: { request: Request }) => {
      requests.push(request.clone());
    };
    server.events.on('request:start', capture);
    try {
      await analysisClient().query('count', { eventCollection: 'signups', timezone: 'UTC' });
    } finally {
      server.events.removeListener('request:start', capture);
    }

    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`https://api.keen.io/3.0/projects/${PROJECT_ID}/queries/count`);
    expect(request.headers.get('authorization')).toBe(READ_KEY);
    expect(request.headers.get('keen-sdk')).toBe('javascript-3.7.0');
    expect(await request.json()).toEqual({
      event_collection: 'signups',
      timezone: 'UTC',
      analysis_type: 'count',
    });
  });

  it('rejects an invalid query with its error_code', async () => {
    const failure = analysisClient().query('sum', { eventCollection: 'signups' });

    await expect(failure).rejects.toMatchObject({ code: 'InvalidQueryError' });
  });
});
