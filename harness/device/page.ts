/** Options analytics.js is started with, as the snippet hands them to `analytics.load`. */
export interface AnalyticsLoadOptions {
  integrations: Record<string, unknown>;
  disableClientPersistence: boolean;
  initialPageview: boolean;
}

export interface TestPage {
  title: string;
  /** Segment source write key. The snippet loads analytics.js from its CDN path. */
  sourceWriteKey: string;
  loadOptions: AnalyticsLoadOptions;
  /** Drop the first page call that reaches "Keen IO", as the Keen setting `initialPageview: false` requires. */
  skipInitialPageview: boolean;
}

/** Returns the path on Segment's CDN from which the snippet loads analytics.js (the standalone build). */
export function analyticsScriptPath(sourceWriteKey: string): string {
  return `/analytics.js/v1/${encodeURIComponent(sourceWriteKey)}/analytics.min.js`;
}

/**
 * Renders the page under test: a title and a Segment snippet that buffers `analytics.load`
 * options in `window.analytics` and loads analytics.js from the CDN.
 *
 * analytics-next has no per-destination initial-pageview skip, so when it is asked for, the snippet
 * buffers a `register` call for a utility plugin that adds a "Keen IO" destination middleware.
 * analytics.js registers buffered plugins after its destinations and before it makes the initial
 * page call, so the middleware is in place for that call. It drops the first page event that
 * reaches "Keen IO" and passes every later event unchanged.
 */
export function renderPage(page: TestPage): string {
  const snippet = [
    '(function () {',
    '  var analytics = (window.analytics = []);',
    `  analytics._writeKey = ${scriptValue(page.sourceWriteKey)};`,
    `  analytics._loadOptions = ${scriptValue(page.loadOptions)};`,
    page.skipInitialPageview ? SKIP_INITIAL_PAGEVIEW : '',
    '})();',
  ].join('\n');
  const src = `https://cdn.segment.com${analyticsScriptPath(page.sourceWriteKey)}`;

  return [
    '<!doctype html>',
    '<html>',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(page.title)}</title>`,
    `<script>\n${snippet}\n</script>`,
    `<script async src="${escapeHtml(src)}"></script>`,
    '</head>',
    '<body></body>',
    '</html>',
  ].join('\n');
}

const SKIP_INITIAL_PAGEVIEW = `  analytics.push(['register', {
    name: 'Keen IO initial pageview skip',
    type: 'utility',
    version: '1.0.0',
    isLoaded: function () { return true; },
    load: function (_ctx, instance) {
      var skipped = false;
      instance.addDestinationMiddleware('Keen IO', function (middleware) {
        if (!skipped && middleware.payload.obj.type === 'page') {
          skipped = true;
          middleware.next(null);
          return;
        }
        middleware.next(middleware.payload);
      });
      return Promise.resolve();
    },
  }]);`;

/** JSON that is also safe inside a `<script>` element. */
function scriptValue(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
