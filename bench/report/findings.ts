/**
 * Profile findings per goal, keyed by the goal's figure. The page prints the finding of every goal
 * a run did not meet, with each `{figure}` replaced by that figure of the same run.
 */
export const UNMET_GOAL_FINDINGS: Record<string, string> = {
  'ingest.single.mock_to_node_http_ratio':
    'in the single-event profile below, the `writev` that sends each reply takes the largest share, ' +
    'as it does in the baseline. The profiler samples wall time, so `writev` may also count time the ' +
    'mock waits for a core while autocannon runs. The rest is the mock’s work per request, which ' +
    'the baseline does not do: route and key checks, validation, the compact journal entry and the ' +
    'captured raw request. In an in-process loop that work took about 6 µs per request, down from ' +
    'about 12 µs. Keen’s write routes skip Express, the raw request is redacted when it is read ' +
    'rather than on arrival, and reply headers for requests without `Origin` are built once.',
  'ingest.single.mock_to_wiremock_ratio':
    'WireMock replies to both writes from static stubs and keeps the raw request in its journal ' +
    'without parsing the event. The mock parses and validates each event and journals it. ' +
    'WireMock’s JVM, the mock and autocannon share the 2 cores, so each ratio is the median of ' +
    'ratios measured in the same round.',
  'ingest.batch.mock.events_per_s':
    'in the batch profile below, `JSON.parse` of the body and garbage collection come first, as in ' +
    'the baseline. Then comes per-event work the baseline does not do: the nesting and name checks, ' +
    'the ISO-8601 check of `keen.timestamp` and one result per event in the reply. The stored copy ' +
    'of each event is no longer built on arrival, and the timestamp form that `toISOString` gives ' +
    'is checked without `Date.parse`.',
  'settle.cloud.median_ms':
    'settling in cloud mode spans analytics-node’s flush to the collection API, the destination’s ' +
    'request to the mock, the long poll on `/mock/runs/{runId}/wait` and reading the records. The ' +
    'runner marks in each run’s `timings.json` show which part grew.',
  'settle.device.median_ms':
    'settling in device mode spans the sentinel track through analytics.js and keen-js, the Playwright ' +
    'route that forwards it to the mock, and the long poll. Runs that disable "Keen IO" have no ' +
    'sentinel, so they wait for the 400 ms quiet period instead.',
  'suite.device.run_median_ms':
    'the runner marks put most of a device run before the first call (the "ready" column). ' +
    'analytics.js, its settings, a chunk, the integration and keen-js load one after another, each ' +
    'through a Playwright route, and the page runs each script. Opening a browser context while a ' +
    'page loads slowed that page about threefold in a development trial, so the next run’s context ' +
    'now opens after the current run’s calls, with its catch-all route already set. Only about ' +
    '70 ms pass between runs, so a run still waits for that context (about 50 ms, median). Reusing ' +
    'one context would remove the wait, but the long XHR POST and the following JSONP request of ' +
    '`device-transport/long-event-as-post` then reached the mock in either order. Reuse needs the ' +
    'routes to forward Keen requests in the order the page issued them.',
  'scaling.marginal_ratio':
    'the ratio is a quotient of two differences of wall times, so it magnifies the other load on ' +
    'the 2 shared cores. Taken one round at a time it ranged from ' +
    '{scaling.round_marginal_ratio_min} to {scaling.round_marginal_ratio_max}. The CPU time of the ' +
    'runs gave {scaling.cpu_marginal_ratio}. Within the largest catalogue, a run of the last copy ' +
    'took {scaling.last_copy_duration_ratio} times as long as the same scenario’s run in the first ' +
    'copy (median), where 1 means runs do not slow down as a suite goes on. With Playwright’s one ' +
    'default worker on 2 cores, every run shares one mock and one browser, and the harness resets ' +
    'each run in the mock after reading its records. In a development trial of 656 cloud runs, the ' +
    'worker’s heap after forced collections grew by about 17 KB per run. CPU profiles of the ' +
    'Playwright runner and worker in a trial of 140 and 560 runs found one cost that grows faster ' +
    'than the catalogue. For every test group, the worker of Playwright 1.65.2 copies the spec ' +
    'file’s whole suite and hashes every test id in it (`bindFileSuiteToProject`), and ' +
    '`fullyParallel` makes each test a group of its own. That took 69 ms at 140 runs and 898 ms at ' +
    '560, under 1 % of the suite’s time.',
  'memory.rss_mb':
    'each journaled event keeps a compact journal entry, its slot in the queue that drops the ' +
    'oldest entries, and its share of the request’s JSON text, which the raw request shares: about ' +
    '{memory.heap_bytes_per_event} bytes of heap in all. Its received body and stored event are ' +
    'built again when it is read. Queries read the events the journal keeps, so the bound limits ' +
    'them too: with `journal.maxRecords` at {memory.small_bound.max_records_count}, the same events ' +
    'left {memory.small_bound.rss_mb} MB resident.',
};
