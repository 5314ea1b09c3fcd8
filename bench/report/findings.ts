/**
 * Profile findings per goal, keyed by the goal's figure. The page prints the finding of every goal
 * a run did not meet, with each `{figure}` replaced by that figure of the same run.
 */
export const UNMET_GOAL_FINDINGS: Record<string, string> = {
  'ingest.single.mock_to_node_http_ratio':
    'in the single-event profile below, the `writev` that sends each reply takes the largest share, ' +
    'as it does in the baseline. The rest is the mock’s work per request: route and key checks, ' +
    'validation, the stored event with its `keen` fields, the journal record and the redacted copy of ' +
    'the raw request. Express routing and body parsing took more time than the core before, and they ' +
    'no longer run for Keen’s routes. The baseline does none of this work. The profiler samples wall ' +
    'time, so `writev` may also count time the mock waits for a core while autocannon runs.',
  'ingest.single.mock_to_wiremock_ratio':
    'WireMock replies to both writes from static stubs and keeps the raw request in its journal ' +
    'without parsing the event. The mock parses and validates each event, and builds its stored ' +
    'event and journal record. WireMock’s JVM, the mock and autocannon share the 2 cores, so each ratio ' +
    'is the median of ratios measured in the same round.',
  'ingest.batch.mock.events_per_s':
    'in the batch profile below, garbage collection and `JSON.parse` of the body come first. Then ' +
    'comes per-event work that the baseline does not do: the ISO-8601 check of `keen.timestamp`, the ' +
    'stored copy of each event with Keen’s server-side fields, one journal record per event and one ' +
    'result per event in the reply. A JSON.stringify per event for the size check, path strings for ' +
    'every property name and temporary arrays in the walks were removed. Each event still leaves a ' +
    'parsed body, a stored copy and a journal record on the heap, and collecting them is the largest cost.',
  'settle.cloud.median_ms':
    'settling in cloud mode spans analytics-node’s flush to the collection API, the destination’s ' +
    'request to the mock, the long poll on `/mock/runs/{runId}/wait` and reading the records. The ' +
    'runner marks in each run’s `timings.json` show which part grew.',
  'settle.device.median_ms':
    'settling in device mode spans the sentinel track through analytics.js and keen-js, the Playwright ' +
    'route that forwards it to the mock, and the long poll. Runs that disable "Keen IO" have no ' +
    'sentinel, so they wait for the 400 ms quiet period instead.',
  'suite.device.run_median_ms':
    'the runner marks put most of a device run before the first call (the "ready" column). The ' +
    'context’s first page starts a renderer process. Then analytics.js, its settings, a chunk, the ' +
    'integration and keen-js load one after another, each through a Playwright route. The next run’s ' +
    'context and page are now opened while the current run goes on, which takes the renderer start ' +
    'off the run’s path but not off the 2 shared cores. In a side-by-side trial of 8 page loads (a ' +
    'development script, not part of this bench), reusing one context and page took about half the ' +
    'time. With reuse, though, the long XHR POST and the following JSONP request of ' +
    '`device-transport/long-event-as-post` reached the mock in either order, so each run keeps a ' +
    'context of its own. Reuse needs the routes to forward Keen requests in the order the page issued them.',
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
    'each journaled event keeps its parsed body, its stored copy, its journal record and a share of ' +
    'the raw request body: about {memory.heap_bytes_per_event} bytes of heap in all. The stored copy is ' +
    'also what the event store keeps for Keen’s queries. The journal’s bound limits records and raw ' +
    'requests only, because the event store is not bounded: with `journal.maxRecords` at ' +
    '{memory.small_bound.max_records_count}, the same events left {memory.small_bound.rss_mb} MB ' +
    'resident. A heap this size also slows ingest, because every collection walks it.',
};
