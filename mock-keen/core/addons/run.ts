import type { AddonDeclaration } from './declaration.js';
import { parseDateTime } from './date-time-parser.js';
import type { GeoInfo } from './ip-to-geo.js';
import { deletePath, mergeAtPath, readPath } from '../paths.js';
import { parseReferrer } from './referrer-parser.js';
import { parseUserAgent } from './ua-parser.js';
import { parseUrl } from './url-parser.js';

/** Configuration the add-ons read. */
export interface AddonOptions {
  /** The `keen:ip_to_geo` lookup: null fields for an address it cannot place. */
  locateIp: (ip: unknown) => GeoInfo;
}

/** The input names each add-on reads as property paths; other inputs are options. */
const PATH_INPUTS: Record<AddonDeclaration['name'], string[]> = {
  'keen:ip_to_geo': ['ip'],
  'keen:ua_parser': ['ua_string'],
  'keen:url_parser': ['url'],
  'keen:referrer_parser': ['referrer_url', 'page_url'],
  'keen:date_time_parser': ['date_time'],
};

function readInputs(
  event: Record<string, unknown>,
  addon: AddonDeclaration,
): Record<string, unknown> | null {
  const values: Record<string, unknown> = {};
  for (const name of PATH_INPUTS[addon.name]) {
    const path = addon.input[name];
    const value = typeof path === 'string' ? readPath(event, path) : undefined;
    if (value === undefined) return null;
    values[name] = value;
  }
  return values;
}

function computeOutput(
  addon: AddonDeclaration,
  inputs: Record<string, unknown>,
  options: AddonOptions,
): object {
  switch (addon.name) {
    case 'keen:ip_to_geo':
      return options.locateIp(inputs.ip);
    case 'keen:ua_parser':
      return parseUserAgent(inputs.ua_string);
    case 'keen:url_parser':
      return parseUrl(inputs.url);
    case 'keen:referrer_parser':
      return parseReferrer(inputs.referrer_url, inputs.page_url);
    case 'keen:date_time_parser':
      return parseDateTime(inputs.date_time);
  }
}

/**
 * Run the declared add-ons in list order on a stored event. An add-on whose input path is missing
 * writes nothing; one whose input cannot be parsed writes null fields.
 */
export function runAddons(
  stored: Record<string, unknown>,
  addons: AddonDeclaration[],
  options: AddonOptions,
): void {
  for (const addon of addons) {
    const inputs = readInputs(stored, addon);
    if (inputs === null) continue;

    mergeAtPath(
      stored,
      addon.output,
      computeOutput(addon, inputs, options) as Record<string, unknown>,
    );
    if (addon.name === 'keen:ip_to_geo' && addon.input.remove_ip_property === true) {
      deletePath(stored, addon.input.ip as string);
    }
  }
}
