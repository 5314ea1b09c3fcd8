import type { CloudSettings, JsonObject } from './message.js';

/** One entry of Keen's `keen.addons` list: a data-enrichment add-on with its input and output fields. */
export interface KeenAddon {
  name: string;
  input: Record<string, string>;
  output: string;
}

export const IP_ADDON: KeenAddon = {
  name: 'keen:ip_to_geo',
  input: { ip: 'ip_address' },
  output: 'ip_geo_info',
};

export const UA_ADDON: KeenAddon = {
  name: 'keen:ua_parser',
  input: { ua_string: 'user_agent' },
  output: 'parsed_user_agent',
};

export const URL_ADDON: KeenAddon = {
  name: 'keen:url_parser',
  input: { url: 'page_url' },
  output: 'parsed_page_url',
};

export const REFERRER_ADDON: KeenAddon = {
  name: 'keen:referrer_parser',
  input: { referrer_url: 'referrer_url', page_url: 'page_url' },
  output: 'referrer_info',
};

/**
 * Builds the add-on list for a mapped event. An enabled add-on is attached only when every
 * field it reads has a non-empty value in the event, so a caller property counts when the
 * message context lacks the value. The order is fixed: ip, ua, url, referrer.
 */
export function buildAddons(event: JsonObject, settings: CloudSettings): KeenAddon[] {
  const addons: KeenAddon[] = [];

  if (settings.ipAddon && event.ip_address) addons.push(IP_ADDON);
  if (settings.uaAddon && event.user_agent) addons.push(UA_ADDON);
  if (settings.urlAddon && event.page_url) addons.push(URL_ADDON);
  if (settings.referrerAddon && event.page_url && event.referrer_url) addons.push(REFERRER_ADDON);

  return addons.map((addon) => structuredClone(addon));
}
