/* This file is generated from schemas/*.schema.json by `npm run generate:types`. Do not edit it. */
/**
 * Settings of one Keen destination instance, after the harness has filled the catalogue defaults. The formats are those of the Segment catalogue.
 */
export interface KeenSettings {
  /**
   * Keen project ID: exactly 24 ASCII letters and digits.
   */
  projectId: string;
  /**
   * Keen write key: at least 32 ASCII letters and digits.
   */
  writeKey: string;
  /**
   * Keen read key: empty, or at least 32 ASCII letters and digits. Device mode loads the full keen-js bundle when it is set.
   */
  readKey: string;
  /**
   * Send "Loaded a Page" ("Loaded a Screen" in cloud mode) for every page (screen) call.
   */
  trackAllPages: boolean;
  /**
   * Send "Viewed {fullName} Page" for a page call with a name.
   */
  trackNamedPages: boolean;
  /**
   * Send "Viewed {category} Page" for a page call with a category.
   */
  trackCategorizedPages: boolean;
  /**
   * Let the loader's automatic first page call reach Keen (device mode).
   */
  initialPageview: boolean;
  /**
   * Request the keen:ip_to_geo enrichment.
   */
  ipAddon: boolean;
  /**
   * Request the keen:ua_parser enrichment.
   */
  uaAddon: boolean;
  /**
   * Request the keen:url_parser enrichment.
   */
  urlAddon: boolean;
  /**
   * Request the keen:referrer_parser enrichment.
   */
  referrerAddon: boolean;
}

export type Mode = 'device' | 'cloud';
/**
 * One fault of the mock: which write requests it applies to and what the mock does instead of Keen's normal reply. It needs dropConnection true; or a status with error_code, body or malformedBody; or delayMs alone, which delays the normal reply.
 */
export type FaultRule = FaultRule1;
/**
 * One Segment call. Device mode makes it through window.analytics, cloud mode through @segment/analytics-node.
 */
export type SegmentCall = {
  type: 'identify' | 'track' | 'page' | 'screen' | 'group' | 'alias';
  /**
   * Modes in which the call is made; all of the scenario's modes when absent.
   *
   * @minItems 1
   */
  modes?: [Mode, ...Mode[]];
  userId?: string;
  anonymousId?: string;
  previousId?: string;
  groupId?: string;
  event?: string;
  name?: string;
  category?: string;
  properties?: JsonObject1;
  traits?: JsonObject1;
  context?: JsonObject1;
  integrations?: JsonObject1;
  timestamp?: string;
  messageId?: string;
  /**
   * Message channel, sent only by the http client.
   */
  channel?: string;
  _metadata?: JsonObject2;
};
/**
 * A JSON value compared exactly, where an object with a $match key is a matcher.
 */
export type ExpectedValue =
  | Matcher
  | {
      [k: string]: ExpectedValue;
    }
  | ExpectedValue[]
  | (string | number | boolean | null);
/**
 * A typed matcher for a value that changes between runs.
 */
export type Matcher =
  | {
      /**
       * any: any present value; absent: the key is missing; iso-date-time: an ISO 8601 date-time string; uuid: a UUID; keen-id: a Keen event id (24 lowercase hex digits).
       */
      $match: 'any' | 'absent' | 'iso-date-time' | 'uuid' | 'keen-id';
    }
  | {
      /**
       * keen-ip: the ${keen.ip} placeholder or an IP address; keen-user-agent: the ${keen.user_agent} placeholder or a non-empty user agent string.
       */
      $match: 'keen-ip' | 'keen-user-agent';
      /**
       * placeholder accepts only the literal placeholder, as a received body has it; value accepts only what Keen stores in its place. Either form when absent.
       */
      form?: 'placeholder' | 'value';
    }
  | {
      $match: 'type';
      type: 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'object' | 'array';
    }
  | {
      $match: 'regex';
      pattern: string;
    }
  | {
      $match: 'range';
      min?: number;
      max?: number;
    }
  | {
      $match: 'subset';
      value: {
        [k: string]: ExpectedValue;
      };
    }
  | {
      $match: 'unordered';
      items: ExpectedValue[];
    };

/**
 * One behaviour of the Keen destination: the settings, the Segment calls to make, and the Keen writes expected in each connection mode.
 */
export interface Scenario {
  $schema?: string;
  /**
   * Scenario format version, MAJOR or MAJOR.MINOR. This harness reads major version 1.
   */
  version: string;
  /**
   * Unique id, by convention the file's path under scenarios/ without .json.
   */
  id: string;
  title: string;
  /**
   * Section of the destination contract whose rule the scenario pins, for example 3.5.
   */
  rule: string;
  /**
   * Public source of the rule: a documentation page or a repository, path and commit.
   */
  source: string;
  tags?: string[];
  /**
   * @minItems 1
   */
  modes: [Mode, ...Mode[]];
  /**
   * Destination settings. Absent settings are filled with the catalogue defaults; values are not type-checked here, so a scenario can pin that the harness rejects them (see expect.*.settingsError).
   */
  settings?: {
    /**
     * Keen project ID.
     */
    projectId?: unknown;
    /**
     * Keen write key.
     */
    writeKey?: unknown;
    /**
     * Keen read key.
     */
    readKey?: unknown;
    /**
     * Send Loaded a Page / Loaded a Screen.
     */
    trackAllPages?: unknown;
    /**
     * Send Viewed {fullName} Page.
     */
    trackNamedPages?: unknown;
    /**
     * Send Viewed {category} Page.
     */
    trackCategorizedPages?: unknown;
    /**
     * Let the loader's first page call reach Keen.
     */
    initialPageview?: unknown;
    /**
     * Geo IP add-on.
     */
    ipAddon?: unknown;
    /**
     * User-agent add-on.
     */
    uaAddon?: unknown;
    /**
     * URL parsing add-on.
     */
    urlAddon?: unknown;
    /**
     * Referrer parsing add-on.
     */
    referrerAddon?: unknown;
  };
  /**
   * Check the filled settings against the catalogue's formats before the run (default true). Set false to hand invalid settings to the destination itself.
   */
  checkSettings?: boolean;
  device?: DeviceOptions;
  cloud?: CloudOptions;
  /**
   * Fault rules the mock applies to the run's Keen writes, installed before the first call. The sentinel write comes last, so a rule that should spare it names a collection or a number of times.
   */
  faults?: FaultRule[];
  /**
   * Segment calls, made in this order.
   */
  calls: SegmentCall[];
  expect: {
    shared?: Expectation;
    device?: Expectation;
    cloud?: Expectation;
  };
}
/**
 * How the browser page is set up in device mode.
 */
export interface DeviceOptions {
  /**
   * Start analytics.js with its initialPageview option.
   */
  initialPageview?: boolean;
  /**
   * URL of the page under test.
   */
  pageUrl?: string;
  pageTitle?: string;
  referrer?: string;
  loadIntegrations?: JsonObject;
  /**
   * Number of leading device-mode calls made after analytics.load and before keen-js has loaded. The harness holds back the keen-js script until these calls have been made.
   */
  callsBeforeLoad?: number;
}
/**
 * The integrations option analytics.js is started with, for example {"Keen IO": false} or {"All": false}. A start that disables "Keen IO" loads no Keen code, so the run settles by a quiet period. "Segment.io" is always disabled.
 */
export interface JsonObject {
  [k: string]: unknown;
}
/**
 * How the calls reach the collection API in cloud mode.
 */
export interface CloudOptions {
  /**
   * analytics-node (default) sends through the real @segment/analytics-node client; http posts the messages exactly as written, for fields that client does not set (channel, _metadata); analytics-next makes the calls with analytics.js in Chromium, with "Keen IO" unbundled so that Segment.io carries them to the collection API (web cloud mode).
   */
  client?: 'analytics-node' | 'http' | 'analytics-next';
}
export interface FaultRule1 {
  /**
   * Every field given must match.
   */
  match?: {
    method?: string;
    /**
     * Keen path without the run prefix; * matches within one segment.
     */
    path?: string;
    transport?: 'post' | 'batch' | 'jsonp' | 'image' | 'redirect' | 'beacon' | 'beacon-batch';
    /**
     * Matches when any event of the request belongs to this collection.
     */
    collection?: string;
  };
  status?: number;
  /**
   * Keen's error_code of the reply; a 2xx batch reply reports it for each event.
   */
  error_code?: string;
  message?: string;
  /**
   * Reply body sent as JSON instead of the generated one.
   */
  body?: unknown;
  /**
   * Reply with a body that is not JSON.
   */
  malformedBody?: boolean;
  /**
   * Close the connection without a reply.
   */
  dropConnection?: boolean;
  delayMs?: number;
  /**
   * How many matching requests the rule applies to; every matching request when absent.
   */
  times?: number;
}
export interface JsonObject1 {
  [k: string]: unknown;
}
/**
 * Segment's delivery metadata (bundled and unbundled destination lists), sent only by the http client.
 */
export interface JsonObject2 {
  [k: string]: unknown;
}
/**
 * What happens in one mode. An empty writes list means nothing is sent.
 */
export interface Expectation {
  /**
   * Every Keen write of the run, in the order the mock received them.
   */
  writes?: ExpectedWrite[];
  /**
   * The harness rejects the settings before any destination starts, naming these settings; nothing is sent.
   *
   * @minItems 1
   */
  settingsError?: [string, ...string[]];
  /**
   * Cloud mode: the destination's own result for each scenario message, in order.
   */
  results?: ExpectedResult[];
}
/**
 * One Keen write: `body` is the event as received and `stored` the event as Keen stores it after server-side processing. Values may be matchers.
 */
export interface ExpectedWrite {
  collection: string;
  body?: ExpectedValue;
  stored?: ExpectedValue;
  outcome?: 'accepted' | 'rejected';
  /**
   * Keen's error_code for a rejected write.
   */
  errorCode?: string;
  transport?: 'post' | 'batch' | 'jsonp' | 'image' | 'redirect' | 'beacon' | 'beacon-batch';
  /**
   * Where the request carried the write key: the Authorization header or the api_key query parameter.
   */
  keyLocation?: 'header' | 'query';
}
export interface ExpectedResult {
  outcome: 'delivered' | 'refused' | 'failed';
  /**
   * Why a message was refused, for example INVALID_SETTINGS, DISABLED or CHANNEL.
   */
  reason?: string;
  /**
   * HTTP status of a failed Keen write.
   */
  status?: number;
  /**
   * Keen's error name for a failed event inside a batch reply.
   */
  errorName?: string;
  /**
   * Keen requests made for the message.
   */
  attempts?: number;
}
