/**
 * Profile findings per goal, keyed by the goal's figure. The page prints the finding of every goal
 * a run did not meet, with each `{figure}` replaced by that figure of the same run.
 */
export const UNMET_GOAL_FINDINGS: Record<string, string> = {
  'ingest.single.mock_to_node_http_ratio':
    'in the single-event profile below, the `writev` that sends each reply takes the largest share, as ' +
    'it does in the baseline, and the rest is the mock’s work per request: route and key checks, ' +
    'validation, the stored event with Keen’s `keen` fields, the journal record and the redacted copy of ' +
    'the raw request. Express routing and body parsing, which took more time than the core before, no ' +
    'longer run for Keen’s routes. The baseline does none of that work, and on 2 cores it also leaves ' +
    'autocannon more CPU.',
  'ingest.single.mock_to_wiremock_ratio':
    'WireMock answers both writes from static stubs and keeps the raw request in its journal without ' +
    'parsing the event; the mock parses, validates and builds a stored event and a journal record for ' +
    'each. WireMock’s JVM, the mock and autocannon share the 2 cores, and the order of the rounds ' +
    'rotates, so each ratio is the median of same-round ratios.',
  'ingest.batch.mock.events_per_s':
    'under batch POSTs the profile below has garbage collection and `JSON.parse` of the body on top, then ' +
    'per-event work that the baseline does not do: the ISO-8601 check of `keen.timestamp`, the stored copy ' +
    'of each event with Keen’s server-side fields, one journal record per event and one result per event in ' +
    'the reply. A JSON.stringify per event for the size check, path strings for every property name and ' +
    'temporary arrays in the walks were removed. What remains is the mock’s own work: each event leaves a ' +
    'parsed body, a stored copy and a journal record on the heap, and collecting them is the largest cost.',
  'settle.cloud.median_ms':
    'settling in cloud mode spans analytics-node’s flush to the collection API, the destination’s request ' +
    'to the mock, the long poll on `/mock/runs/{runId}/wait` and reading the records; the runner marks in ' +
    '`timings.json` show which part grew.',
  'settle.device.median_ms':
    'settling in device mode spans the sentinel track through analytics.js and keen-js, the Playwright ' +
    'route that forwards it to the mock, and the long poll; runs that disable "Keen IO" have no sentinel ' +
    'and wait for the 400 ms quiet period instead.',
  'suite.device.run_median_ms':
    'the runner marks put most of a device run before the first call (the "ready" column): the context’s ' +
    'first page starts a renderer process, then analytics.js, its settings, a chunk, the integration and ' +
    'keen-js load one after another, each through a Playwright route. The next run’s context and page are ' +
    'now opened while the current run goes on, which takes the renderer start off the run’s path but not ' +
    'off the 2 shared cores. Reusing one context and page across runs brought the median near 300 ms, but ' +
    'then the long XHR POST and the following JSONP request of `device-transport/long-event-as-post` ' +
    'reached the mock in either order, so each run keeps a context of its own. Reuse needs the routes to ' +
    'forward Keen requests in the order the page issued them first.',
  'scaling.marginal_ratio':
    'the least-squares fit and the ms-per-run column show how close to linear the steps were. ' +
    'Playwright keeps every run’s attachments for the JSON report that the bench reads, which grows ' +
    'with the catalogue. NOTE: no profile of the Playwright runner was taken for this goal.',
  'memory.rss_mb':
    'each journaled event keeps its parsed body, its stored copy (held by the event store that serves ' +
    'Keen’s queries too), its journal record and a share of the raw request body, about ' +
    '{memory.heap_bytes_per_event} bytes of heap in all. The journal’s bound limits records and raw ' +
    'requests only: with `journal.maxRecords` at {memory.small_bound.max_records_count}, the same events ' +
    'left the mock at {memory.small_bound.rss_mb} MB resident, because the event store is not bounded. A ' +
    'heap this size also slows ingest, because every collection walks it.',
};
