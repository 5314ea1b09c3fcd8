/*
 * An independent cloud-mode Keen destination on plain node:http, written apart from the reference
 * destination to show that the gate judges any implementation. It receives Segment's collection
 * API, keeps per-source settings set through `PUT /sources/{sourceWriteKey}/settings`, and sends one
 * Keen batch request per event with up to two retries.
 *
 * Run it on its own with `node examples/cloud-destination/server.js`; it prints its address.
 */
/* global fetch */
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';

const SINGLE_ROUTES = {
  track: 'track',
  t: 'track',
  page: 'page',
  p: 'page',
  screen: 'screen',
  s: 'screen',
  identify: 'identify',
  i: 'identify',
  group: 'group',
  g: 'group',
  alias: 'alias',
  a: 'alias',
};
const RETRYABLE = new Set([429, 500, 502, 503, 504]);
const MAX_ATTEMPTS = 3;

/** Starts the destination on 127.0.0.1; resolves with its URL and a close function. */
export async function startExampleDestination({ port = 0 } = {}) {
  const sources = new Map();
  const server = createServer((request, response) => {
    handle(sources, request, response).catch((error) => {
      console.error(`[example-destination] ${request.method} ${request.url}: ${error.message}`);
      reply(response, 500, { success: false, message: error.message });
    });
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

async function handle(sources, request, response) {
  const url = new URL(request.url, 'http://localhost');
  const settingsPath = /^\/sources\/([^/]+)\/(settings|results)$/.exec(url.pathname);

  if (settingsPath && settingsPath[2] === 'settings' && request.method === 'PUT') {
    const { settings, keenBaseUrl } = JSON.parse(await readBody(request));
    const key = decodeURIComponent(settingsPath[1]);
    const previous = sources.get(key);
    sources.set(key, {
      settings,
      keenBaseUrl,
      results: previous?.results ?? [],
      tail: previous?.tail ?? Promise.resolve(),
    });
    return reply(response, 200, { configured: true });
  }
  if (settingsPath && settingsPath[2] === 'results' && request.method === 'GET') {
    const source = sources.get(decodeURIComponent(settingsPath[1]));
    return source
      ? reply(response, 200, { results: source.results })
      : reply(response, 404, { message: 'unknown source' });
  }

  const route = /^\/v1\/(\w+)$/.exec(url.pathname);
  if (!route || request.method !== 'POST') return reply(response, 404, { message: 'not found' });
  const source = sources.get(readWriteKey(request.headers.authorization));
  if (!source) return reply(response, 401, { message: 'unknown source write key' });

  const body = JSON.parse(await readBody(request));
  const messages =
    route[1] === 'batch' || route[1] === 'b'
      ? body.batch
      : [{ ...body, type: SINGLE_ROUTES[route[1]] }];
  const done = source.tail.then(async () => {
    for (const message of messages) source.results.push(await deliver(source, message));
  });
  source.tail = done.catch(() => {});
  await done;
  return reply(response, 200, { success: true });
}

/** Handles one message and returns its result in the reference result format. */
async function deliver(source, message) {
  const result = { messageId: message.messageId ?? null, type: message.type, attempts: 0 };
  const refusal = refusalReason(message, source.settings);
  if (refusal) return { ...result, outcome: 'refused', reason: refusal };

  let failure = null;
  for (const event of keenEvents(message, source.settings)) {
    const sent = await send(source, event);
    result.attempts += sent.attempts;
    failure = failure ?? sent.failure;
  }
  return failure
    ? { ...result, outcome: 'failed', ...failure }
    : { ...result, outcome: 'delivered' };
}

function refusalReason(message, settings) {
  const channel = message.channel;
  const unbundled = message._metadata?.unbundled ?? [];
  if (channel === 'client' && !unbundled.includes('Keen IO')) return 'CHANNEL';
  if (channel && !['server', 'mobile', 'client'].includes(channel)) return 'CHANNEL';
  const integrations = message.integrations ?? {};
  const decider = ['Keen IO', 'Keen', 'All'].find((name) => name in integrations);
  if (decider && integrations[decider] === false) return 'DISABLED';
  if (!settings.projectId || !settings.writeKey) return 'INVALID_SETTINGS';
  if (!['track', 'page', 'screen'].includes(message.type)) return 'UNSUPPORTED';
  return null;
}

/** Returns `[collection, event]` pairs: one for track, up to three for page and screen. */
function keenEvents(message, settings) {
  if (message.type === 'track')
    return [[message.event, mapProperties(message, message.properties, settings)]];

  const noun = message.type === 'screen' ? 'Screen' : 'Page';
  const properties = { ...message.properties };
  if (message.category) properties.category = message.category;
  if (message.name) properties.name = message.name;
  const fullName =
    message.name && message.category ? `${message.category} ${message.name}` : message.name;
  const collections = [];
  if (settings.trackAllPages) collections.push(`Loaded a ${noun}`);
  if (message.category && settings.trackCategorizedPages)
    collections.push(`Viewed ${message.category} ${noun}`);
  if (fullName && settings.trackNamedPages) collections.push(`Viewed ${fullName} ${noun}`);
  return collections.map((collection) => [
    collection,
    mapProperties(message, properties, settings),
  ]);
}

function mapProperties(message, properties = {}, settings) {
  const { keen = {}, ...rest } = properties;
  const event = renameFirstDots(rest);
  const context = message.context ?? {};
  const userId = message.userId || message.anonymousId;
  const pageUrl = event.url || context.page?.url;
  if (userId) event.userId = userId;
  if (pageUrl) event.page_url = pageUrl;
  if (context.page?.referrer) event.referrer_url = context.page.referrer;
  if (context.userAgent) event.user_agent = context.userAgent;
  if (context.ip) event.ip_address = context.ip;
  event.traits = message.integrations?.['Keen IO']?.traits ?? {};

  const timestamp = new Date(message.timestamp ?? Date.now()).toISOString();
  event.keen = { ...keen, timestamp, addons: addons(event, settings) };
  return event;
}

function addons(event, settings) {
  const list = [];
  if (settings.ipAddon && event.ip_address)
    list.push({ name: 'keen:ip_to_geo', input: { ip: 'ip_address' }, output: 'ip_geo_info' });
  if (settings.uaAddon && event.user_agent)
    list.push({
      name: 'keen:ua_parser',
      input: { ua_string: 'user_agent' },
      output: 'parsed_user_agent',
    });
  if (settings.urlAddon && event.page_url)
    list.push({ name: 'keen:url_parser', input: { url: 'page_url' }, output: 'parsed_page_url' });
  if (settings.referrerAddon && event.page_url && event.referrer_url) {
    list.push({
      name: 'keen:referrer_parser',
      input: { referrer_url: 'referrer_url', page_url: 'page_url' },
      output: 'referrer_info',
    });
  }
  return list;
}

/** Replaces the first dot of every key, at every depth, with an underscore. */
function renameFirstDots(value) {
  if (Array.isArray(value)) return value.map(renameFirstDots);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key.replace('.', '_'), renameFirstDots(item)]),
  );
}

/** Sends one event as a one-event batch, retrying network errors, bad bodies and retryable statuses. */
async function send(source, [collection, event]) {
  const { projectId, writeKey } = source.settings;
  const url = `${source.keenBaseUrl}/projects/${encodeURIComponent(projectId)}/events?api_key=${encodeURIComponent(writeKey)}`;
  let failure = null;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    failure = await post(url, { [collection]: [event] });
    if (!failure || !failure.retryable)
      return { attempts: attempt, failure: failure && strip(failure) };
  }
  return { attempts: MAX_ATTEMPTS, failure: strip(failure) };
}

async function post(url, body) {
  let response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Segment.io/1.0' },
      body: JSON.stringify(body),
      redirect: 'manual',
    });
  } catch (error) {
    return {
      errorName: error.cause?.code ?? 'NetworkError',
      message: error.message,
      retryable: true,
    };
  }
  if (response.status < 200 || response.status >= 300) {
    return {
      status: response.status,
      message: `Keen responded with HTTP ${response.status}`,
      retryable: RETRYABLE.has(response.status),
    };
  }
  const items = Object.values(await response.json().catch(() => ({})))[0];
  if (!Array.isArray(items)) return { message: 'received bad response', retryable: true };
  const failed = items.find((item) => !item?.success);
  if (!failed) return null;
  return {
    errorName: failed.error?.name,
    message: failed.error?.description ?? 'Keen rejected the event',
    retryable: true,
  };
}

function strip({ retryable: _retryable, ...failure }) {
  return failure;
}

function readWriteKey(authorization = '') {
  const [scheme, encoded] = authorization.split(' ');
  if (scheme !== 'Basic' || !encoded) return null;
  return Buffer.from(encoded, 'base64').toString('utf8').split(':')[0];
}

function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function reply(response, status, body) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { url } = await startExampleDestination({ port: Number(process.env.PORT ?? 0) });
  console.log(`example Keen destination listening on ${url}`);
}
