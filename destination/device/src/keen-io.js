'use strict';

/* global require, module */

/**
 * The "Keen IO" device-mode integration in the analytics.js integration format. It loads keen-js
 * 3.4.0 from Keen's CDN and sends track and page calls to Keen as events. Identify calls only set
 * the client's global properties, so the user reaches Keen inside later events.
 */

var integration = require('@segment/analytics.js-integration');
var clone = require('@ndhoule/clone');

/** The keen-js release this integration is built for. A page's own Keen of another version is not reused. */
var KEEN_VERSION = '3.4.0';

var KEEN_CDN = '//d26b395fwzu5fz.cloudfront.net/' + KEEN_VERSION;

/** Methods of the keen-js async stub. keen-js replays their recorded calls when the library loads. */
var STUB_METHODS = ['addEvent', 'setGlobalProperties', 'trackExternalLink', 'on'];

var KeenIO = (module.exports = integration('Keen IO')
  .global('KeenSegment')
  .option('projectId', '')
  .option('writeKey', '')
  .option('readKey', '')
  .option('trackAllPages', false)
  .option('trackNamedPages', true)
  .option('trackCategorizedPages', true)
  .option('ipAddon', false)
  .option('uaAddon', false)
  .option('urlAddon', false)
  .option('referrerAddon', false)
  .tag('keen-tracker', '<script src="' + KEEN_CDN + '/keen-tracker.min.js">')
  .tag('keen', '<script src="' + KEEN_CDN + '/keen.min.js">'));

/**
 * Creates the keen-js client on the async stub (or on a Keen 3.4.0 the page already has) and loads
 * the library: the full bundle when a read key is set, the tracking-only bundle otherwise.
 */
KeenIO.prototype.initialize = function () {
  var options = this.options;
  var pageKeen = window.Keen;

  if (!pageKeen || pageKeen.version !== KEEN_VERSION) {
    window.Keen = undefined;
    installKeenStub();
  }
  window.KeenSegment = window.Keen;

  this.client = new window.KeenSegment({
    projectId: options.projectId,
    writeKey: options.writeKey,
    readKey: options.readKey,
  });

  var bundle = options.readKey ? 'keen' : 'keen-tracker';
  this.load(
    bundle,
    function () {
      window.KeenSegment = window.Keen;
      if (pageKeen) window.Keen = pageKeen;
      this.ready();
    }.bind(this),
  );
};

/** True once the real library is in place: the async stub has no `configure`. */
KeenIO.prototype.loaded = function () {
  var keen = window.KeenSegment;
  return !!(keen && keen.prototype && keen.prototype.configure);
};

/**
 * Makes the user part of every later event: the global properties function returns a fresh deep
 * copy of `{user}` each time, so no event can change what a later event receives.
 */
KeenIO.prototype.identify = function (identify) {
  var userId = identify.userId();
  var traits = clone(identify.field('traits') || {});
  var user = {};

  if (userId) {
    user.userId = userId;
    traits.id = userId;
  }
  user.traits = traits;

  var globals = this.addAddons({ user: user }, identify.timestamp());
  this.client.setGlobalProperties(function () {
    return clone(globals);
  });
};

KeenIO.prototype.track = function (track) {
  this.sendEvent(track.event(), track.field('properties'), track.timestamp());
};

/**
 * Sends up to three events, in this order: "Loaded a Page", "Viewed {category} {name} Page" and
 * "Viewed {category} Page". Each carries the page properties with the top-level name and category.
 */
KeenIO.prototype.page = function (page) {
  var options = this.options;
  var category = page.category();
  var name = page.name();
  var fullName = category && name ? category + ' ' + name : name;
  var timestamp = page.timestamp();

  var properties = clone(page.field('properties') || {});
  if (category) properties.category = category;
  if (name) properties.name = name;

  if (options.trackAllPages) this.sendEvent('Loaded a Page', properties, timestamp);
  if (fullName && options.trackNamedPages)
    this.sendEvent('Viewed ' + fullName + ' Page', properties, timestamp);
  if (category && options.trackCategorizedPages)
    this.sendEvent('Viewed ' + category + ' Page', properties, timestamp);
};

/** Adds an event to `collection`. The message's properties are copied, never modified. */
KeenIO.prototype.sendEvent = function (collection, properties, timestamp) {
  var payload = this.addAddons(clone(properties || {}), timestamp);
  this.client.addEvent(collection, payload);
};

/**
 * Writes the fields of the enabled add-ons onto `target` and sets its `keen` object to exactly the
 * timestamp and the add-on list. The ip and user-agent fields are placeholders that Keen's servers
 * resolve.
 */
KeenIO.prototype.addAddons = function (target, timestamp) {
  var options = this.options;
  var addons = [];

  if (options.ipAddon) {
    addons.push({ name: 'keen:ip_to_geo', input: { ip: 'ip_address' }, output: 'ip_geo_info' });
    target.ip_address = '${keen.ip}';
  }
  if (options.uaAddon) {
    addons.push({
      name: 'keen:ua_parser',
      input: { ua_string: 'user_agent' },
      output: 'parsed_user_agent',
    });
    target.user_agent = '${keen.user_agent}';
  }
  if (options.urlAddon) {
    addons.push({ name: 'keen:url_parser', input: { url: 'page_url' }, output: 'parsed_page_url' });
    target.page_url = document.location.href;
  }
  if (options.referrerAddon) {
    addons.push({
      name: 'keen:referrer_parser',
      input: { referrer_url: 'referrer_url', page_url: 'page_url' },
      output: 'referrer_info',
    });
    target.referrer_url = document.referrer;
    target.page_url = document.location.href;
  }

  target.keen = { timestamp: timestamp, addons: addons };
  return target;
};

/**
 * Installs keen-js's asynchronous stub as `window.Keen`. A client made from it keeps its
 * configuration in `_config`, registers under `window._Keen.clients[projectId]` and records each
 * call in `_{method}`. When the library loads, it configures the client and replays those calls.
 */
function installKeenStub() {
  var registry = window._Keen || { clients: {}, ready: [] };
  window._Keen = registry;

  function Keen(config) {
    this._config = config;
    registry.clients[config.projectId] = this;
  }

  Keen.ready = function (callback) {
    registry.ready.push(callback);
  };

  STUB_METHODS.forEach(function (method) {
    Keen.prototype[method] = function () {
      var calls = this['_' + method] || (this['_' + method] = []);
      calls.push(Array.prototype.slice.call(arguments));
      return this;
    };
  });

  window.Keen = Keen;
}
