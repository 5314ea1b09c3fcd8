import { INTEGRATION_NAME } from './acceptance.js';
import { buildAddons } from './addons.js';
import { convertIsoDates, parseTimestamp } from './iso-dates.js';
import { isJsonObject, objectField } from './message.js';
import type { CloudSettings, JsonObject, SegmentMessage } from './message.js';
import { normalizeKeys } from './normalize-keys.js';

/** One Keen event ready to send: the collection and the event written to it. */
export interface KeenWrite {
  collection: string;
  event: JsonObject;
}

/** A message that cannot be mapped to a Keen event. It fails without any request to Keen. */
export class MappingError extends Error {
  readonly errorName: string;

  constructor(errorName: string, message: string) {
    super(message);
    this.name = 'MappingError';
    this.errorName = errorName;
  }
}

/**
 * Maps a track message, or a track derived from a page or screen call, to one Keen write.
 * The steps: copy the properties with ISO dates converted, take the `keen` namespace out,
 * normalise the keys, overlay the Segment fields, and rebuild the add-on list from the result.
 * `receivedAt` is the timestamp of a message that carries none.
 */
export function mapTrack(
  message: SegmentMessage,
  settings: CloudSettings,
  receivedAt: Date,
): KeenWrite {
  const collection = readEventName(message);
  const timestamp = parseTimestamp(message.timestamp, receivedAt);
  if (timestamp === null) {
    throw new MappingError(
      'InvalidTimestamp',
      `timestamp ${JSON.stringify(message.timestamp)} is not a date`,
    );
  }

  const properties = convertIsoDates(objectField(message, 'properties') ?? {});
  const namespace = takeKeenNamespace(properties);
  namespace.timestamp = timestamp;

  const event = normalizeKeys(properties) as JsonObject;
  const keen = normalizeKeys(namespace) as JsonObject;
  overlaySegmentFields(event, message, keen);
  keen.addons = buildAddons(event, settings);

  return { collection, event };
}

/**
 * Finds the first key of `object`, in key order, that equals `name` when case and every
 * character other than ASCII letters and digits are ignored: `Keen`, `KEEN` and `k_e_e_n`
 * all match `keen`.
 */
export function findPropertyKey(object: JsonObject, name: string): string | undefined {
  const target = foldPropertyName(name);
  return Object.keys(object).find((key) => foldPropertyName(key) === target);
}

/**
 * Removes the property that matches `keen` from `properties` and returns a copy of its value,
 * or `{}` when there is none. A matching value that is not an object fails the message.
 */
export function takeKeenNamespace(properties: JsonObject): JsonObject {
  const key = findPropertyKey(properties, 'keen');
  if (key === undefined) return {};

  const value = properties[key];
  if (!isJsonObject(value)) {
    throw new MappingError(
      'KeenPropertyTypeError',
      `property "${key}" must be an object (got ${describeType(value)})`,
    );
  }
  delete properties[key];
  return { ...value };
}

/**
 * Writes the Segment fields onto the mapped event. A field whose source is empty leaves any
 * caller property of that name in place, apart from `traits` and `keen`, which are always
 * written. None of these fields is normalised.
 */
function overlaySegmentFields(event: JsonObject, message: SegmentMessage, keen: JsonObject): void {
  const context = objectField(message, 'context');
  const page = objectField(context, 'page');
  const urlKey = findPropertyKey(event, 'url');

  writeWhenPresent(event, 'userId', message.userId || message.anonymousId);
  writeWhenPresent(event, 'page_url', (urlKey !== undefined && event[urlKey]) || page?.url);
  writeWhenPresent(event, 'referrer_url', page?.referrer);
  writeWhenPresent(event, 'user_agent', context?.userAgent);
  writeWhenPresent(event, 'ip_address', context?.ip);
  event.traits = readPassThroughTraits(message);
  event.keen = keen;
}

/**
 * Reads `integrations["Keen IO"].traits` with its keys unchanged. Its ISO date strings are
 * converted like the properties, because Segment's message wrapper converts the whole message.
 */
function readPassThroughTraits(message: SegmentMessage): unknown {
  const traits = objectField(objectField(message, 'integrations'), INTEGRATION_NAME)?.traits;
  return traits ? convertIsoDates(traits) : {};
}

function readEventName(message: SegmentMessage): string {
  const name = message.event;
  if (typeof name === 'string' && name !== '') return name;
  throw new MappingError(
    'MissingEventName',
    `${message.type} message has no event name (got ${describeType(name)})`,
  );
}

function writeWhenPresent(event: JsonObject, field: string, value: unknown): void {
  if (value) event[field] = value;
}

function foldPropertyName(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'a date string';
  return typeof value;
}
