import { objectField } from './message.js';
import type { CloudSettings, JsonObject, SegmentMessage } from './message.js';

/**
 * Returns the tracks a page or screen call sends, in send order: "Loaded a Page" when
 * `trackAllPages` is on, then "Viewed {category} Page" when the call has a category and
 * `trackCategorizedPages` is on, then "Viewed {fullName} Page" when it has a name and
 * `trackNamedPages` is on. Screen calls use "Screen" in place of "Page". Every track keeps the
 * message's fields and timestamp; its properties gain the top-level `category` and `name`.
 */
export function derivePageTracks(
  message: SegmentMessage,
  settings: CloudSettings,
): SegmentMessage[] {
  const noun = message.type === 'screen' ? 'Screen' : 'Page';
  const category = message.category || undefined;
  const fullName = readFullName(message);

  const events: string[] = [];
  if (settings.trackAllPages) events.push(`Loaded a ${noun}`);
  if (category && settings.trackCategorizedPages) events.push(`Viewed ${String(category)} ${noun}`);
  if (fullName && settings.trackNamedPages) events.push(`Viewed ${fullName} ${noun}`);

  const properties = readPageProperties(message);
  return events.map((event) => ({ ...message, type: 'track', event, properties }));
}

/**
 * Returns "{category} {name}" when both top-level fields are non-empty, the name alone when only
 * it is, and undefined otherwise: a call with a category and no name has no full name.
 */
export function readFullName(message: SegmentMessage): string | undefined {
  const { category, name } = message;
  if (!name) return undefined;
  return category ? `${String(category)} ${String(name)}` : String(name);
}

/**
 * Copies the message properties and sets `category` and `name` from the top-level fields when
 * they are non-empty, replacing properties of the same names. No page context is added.
 */
export function readPageProperties(message: SegmentMessage): JsonObject {
  const properties: JsonObject = { ...objectField(message, 'properties') };
  if (message.category) properties.category = message.category;
  if (message.name) properties.name = message.name;
  return properties;
}
