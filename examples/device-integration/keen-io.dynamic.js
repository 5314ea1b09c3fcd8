/*
 * An independent "Keen IO" device-mode integration, written without
 * @segment/analytics.js-integration. It implements only what analytics-next needs from a
 * classic integration: `on`, `once`, `initialize` (which emits "initialize" at once and "ready"
 * once keen-js has loaded) and `invoke(method, facade)`. The file is already in the shape of
 * Segment's `keen-io.dynamic.js.gz`, so it needs no build step.
 */
(function () {
  'use strict';

  var KEEN_CDN = '//d26b395fwzu5fz.cloudfront.net/3.4.0/';

  function KeenIntegration(settings) {
    this.options = settings || {};
    this.listeners = {};
    this.queue = [];
    this.isReady = false;
    this.client = null;
  }

  KeenIntegration.prototype.name = 'Keen IO';

  KeenIntegration.prototype.on = function (event, listener) {
    (this.listeners[event] = this.listeners[event] || []).push({ listener: listener, once: false });
    return this;
  };

  KeenIntegration.prototype.once = function (event, listener) {
    (this.listeners[event] = this.listeners[event] || []).push({ listener: listener, once: true });
    return this;
  };

  KeenIntegration.prototype.emit = function (event) {
    var entries = this.listeners[event] || [];
    this.listeners[event] = entries.filter(function (entry) {
      return !entry.once;
    });
    entries.forEach(function (entry) {
      entry.listener();
    });
  };

  /** Loads keen-js from Keen's CDN; the full bundle only when a read key is set. */
  KeenIntegration.prototype.initialize = function () {
    var script = document.createElement('script');
    script.async = true;
    script.src = KEEN_CDN + (this.options.readKey ? 'keen.min.js' : 'keen-tracker.min.js');
    script.onload = this.start.bind(this);
    document.head.appendChild(script);
    this.emit('initialize');
  };

  /** Creates the client once keen-js has loaded, reports ready and runs the queued calls. */
  KeenIntegration.prototype.start = function () {
    window.KeenSegment = window.Keen;
    this.client = new window.KeenSegment({
      projectId: this.options.projectId,
      writeKey: this.options.writeKey,
      readKey: this.options.readKey,
    });
    this.isReady = true;
    this.emit('ready');
    var queued = this.queue;
    this.queue = [];
    queued.forEach(function (call) {
      this.invoke(call[0], call[1]);
    }, this);
  };

  /** Runs a call now, or after keen-js has loaded. Unknown methods are ignored. */
  KeenIntegration.prototype.invoke = function (method, facade) {
    if (!this.isReady) {
      this.queue.push([method, facade]);
      return;
    }
    if (method === 'identify') this.identify(facade);
    if (method === 'track') this.track(facade);
    if (method === 'page') this.page(facade);
  };

  KeenIntegration.prototype.identify = function (identify) {
    var user = { traits: copy(identify.traits() || {}) };
    if (identify.userId()) user.userId = identify.userId();
    var globals = this.withAddons({ user: user }, identify.timestamp());
    this.client.setGlobalProperties(function () {
      return copy(globals);
    });
  };

  KeenIntegration.prototype.track = function (track) {
    this.send(track.event(), track.properties(), track.timestamp());
  };

  KeenIntegration.prototype.page = function (page) {
    var name = page.name();
    var category = page.category();
    var properties = page.properties();
    var timestamp = page.timestamp();
    var fullName = name && category ? category + ' ' + name : name;

    if (this.options.trackAllPages) this.send('Loaded a Page', properties, timestamp);
    if (fullName && this.options.trackNamedPages) {
      this.send('Viewed ' + fullName + ' Page', properties, timestamp);
    }
    if (category && this.options.trackCategorizedPages) {
      this.send('Viewed ' + category + ' Page', properties, timestamp);
    }
  };

  KeenIntegration.prototype.send = function (collection, properties, timestamp) {
    this.client.addEvent(collection, this.withAddons(copy(properties || {}), timestamp));
  };

  /** Writes the enabled add-ons' fields, then sets `keen` to the timestamp and the add-on list. */
  KeenIntegration.prototype.withAddons = function (event, timestamp) {
    var addons = [];
    if (this.options.ipAddon) {
      event.ip_address = '${keen.ip}';
      addons.push({ name: 'keen:ip_to_geo', input: { ip: 'ip_address' }, output: 'ip_geo_info' });
    }
    if (this.options.uaAddon) {
      event.user_agent = '${keen.user_agent}';
      addons.push({
        name: 'keen:ua_parser',
        input: { ua_string: 'user_agent' },
        output: 'parsed_user_agent',
      });
    }
    if (this.options.urlAddon) {
      event.page_url = window.location.href;
      addons.push({
        name: 'keen:url_parser',
        input: { url: 'page_url' },
        output: 'parsed_page_url',
      });
    }
    if (this.options.referrerAddon) {
      event.referrer_url = document.referrer;
      event.page_url = window.location.href;
      addons.push({
        name: 'keen:referrer_parser',
        input: { referrer_url: 'referrer_url', page_url: 'page_url' },
        output: 'referrer_info',
      });
    }
    event.keen = { timestamp: timestamp, addons: addons };
    return event;
  };

  /** Deep copy through JSON; dates become ISO strings, as they would on the wire. */
  function copy(value) {
    return JSON.parse(JSON.stringify(value));
  }

  window['keen-ioDeps'] = [];
  window['keen-ioLoader'] = function () {
    window['keen-ioIntegration'] = KeenIntegration;
  };
})();
