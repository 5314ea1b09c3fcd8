import { describe, expect, it } from 'vitest';

import { IP_ADDON, REFERRER_ADDON, UA_ADDON, URL_ADDON } from './addons.js';
import { buildBatchBody } from './keen-client.js';
import { findPropertyKey, mapTrack, MappingError } from './mapping.js';
import type { CloudSettings, JsonObject, SegmentMessage } from './message.js';

const SETTINGS: CloudSettings = {
  projectId: '9181bcd23843312d87000000',
  writeKey: 'a'.repeat(32),
  ipAddon: false,
  uaAddon: false,
  urlAddon: false,
  referrerAddon: false,
};
const ALL_ADDONS: CloudSettings = {
  ...SETTINGS,
  ipAddon: true,
  uaAddon: true,
  urlAddon: true,
  referrerAddon: true,
};
const RECEIVED_AT = new Date('2020-05-05T05:05:05.555Z');

function track(fields: Partial<SegmentMessage> = {}): SegmentMessage {
  return {
    type: 'track',
    event: 'Purchased',
    userId: 'u1',
    timestamp: '2014-01-01T00:00:00Z',
    ...fields,
  };
}

/** Maps a message and returns the event as Keen receives it, after JSON serialisation. */
function sent(message: SegmentMessage, settings: CloudSettings = SETTINGS): JsonObject {
  const write = mapTrack(message, settings, RECEIVED_AT);
  return JSON.parse(JSON.stringify(write.event)) as JsonObject;
}

function mappingErrorOf(action: () => unknown): MappingError {
  try {
    action();
  } catch (error) {
    if (error instanceof MappingError) return error;
    throw error;
  }
  throw new Error('expected a MappingError, but the message was mapped');
}

describe('mapTrack example', () => {
  it('sends a server track exactly as documented', () => {
    const message = track({
      userId: 'user@example.com',
      properties: { item: 'T-Shirt', revenue: 19.99 },
      timestamp: '2014-01-01T00:00:00Z',
    });

    const body = JSON.parse(buildBatchBody(mapTrack(message, SETTINGS, RECEIVED_AT)));

    expect(body).toEqual({
      Purchased: [
        {
          item: 'T-Shirt',
          revenue: 19.99,
          userId: 'user@example.com',
          traits: {},
          keen: { timestamp: '2014-01-01T00:00:00.000Z', addons: [] },
        },
      ],
    });
  });
});

describe('mapTrack properties', () => {
  it('uses the event name as collection', () => {
    expect(mapTrack(track({ event: 'Signed Up' }), SETTINGS, RECEIVED_AT).collection).toBe(
      'Signed Up',
    );
  });

  it('fails a track without event name', () => {
    expect(
      mappingErrorOf(() => mapTrack(track({ event: '' }), SETTINGS, RECEIVED_AT)).errorName,
    ).toBe('MissingEventName');
  });

  it('leaves the message unchanged', () => {
    const message = track({
      properties: { 'a.b': 1, keen: { location: 'x' }, when: '2014-01-01' },
    });
    const copy = structuredClone(message);
    mapTrack(message, SETTINGS, RECEIVED_AT);
    expect(message).toEqual(copy);
  });

  it('starts from empty properties when absent', () => {
    expect(Object.keys(sent(track({ properties: undefined }))).sort()).toEqual([
      'keen',
      'traits',
      'userId',
    ]);
  });

  it('keeps nested objects and arrays', () => {
    const properties = { list: [1, 'two', { three: 3 }], nested: { deep: { n: null } } };
    expect(sent(track({ properties }))).toMatchObject(properties);
  });
});

describe('mapTrack ISO dates', () => {
  it.each([
    ['date only', '2014-01-01', '2014-01-01T00:00:00.000Z'],
    ['T time without offset', '2014-01-01T10:20:30', '2014-01-01T10:20:30.000Z'],
    ['T time with offset', '2014-01-01T10:20:30+02:00', '2014-01-01T08:20:30.000Z'],
    ['fraction beyond milliseconds', '2014-01-01T10:20:30.123456Z', '2014-01-01T10:20:30.123Z'],
    ['space time read as local', '2014-01-01 10:20', new Date(2014, 0, 1, 10, 20).toISOString()],
  ])('converts %s', (_case, input, expected) => {
    expect(sent(track({ properties: { when: input } })).when).toBe(expected);
  });

  it.each([
    ['bare year', '2014'],
    ['compact date', '20140101'],
    ['text', 'January 1, 2014'],
    ['date then text', '2014-01-01 is new year'],
  ])('leaves %s alone', (_case, input) => {
    expect(sent(track({ properties: { when: input } })).when).toBe(input);
  });

  it('converts inside arrays and objects', () => {
    const event = sent(
      track({ properties: { list: [{ at: '2014-01-01' }], obj: { at: '2014-01-02' } } }),
    );
    expect(event.list).toEqual([{ at: '2014-01-01T00:00:00.000Z' }]);
    expect(event.obj).toEqual({ at: '2014-01-02T00:00:00.000Z' });
  });

  it('converts the message timestamp', () => {
    expect(sent(track({ timestamp: '2014-01-01T10:00:00+01:00' })).keen).toMatchObject({
      timestamp: '2014-01-01T09:00:00.000Z',
    });
  });

  it('stamps the receive time when timestamp is absent', () => {
    expect(sent(track({ timestamp: undefined })).keen).toMatchObject({
      timestamp: RECEIVED_AT.toISOString(),
    });
  });

  it('fails an unreadable timestamp', () => {
    expect(
      mappingErrorOf(() => mapTrack(track({ timestamp: 'not a date' }), SETTINGS, RECEIVED_AT))
        .errorName,
    ).toBe('InvalidTimestamp');
  });
});

describe('mapTrack keen namespace', () => {
  it('keeps caller sub-fields and sets timestamp and addons', () => {
    const keen = {
      location: { coordinates: [1, 2] },
      timestamp: '1999-01-01T00:00:00.000Z',
      addons: [{ name: 'x' }],
    };
    expect(sent(track({ properties: { keen } })).keen).toEqual({
      location: { coordinates: [1, 2] },
      timestamp: '2014-01-01T00:00:00.000Z',
      addons: [],
    });
  });

  it.each(['Keen', 'KEEN', 'k_e_e_n', '-keen-'])('finds %s case- and separator-blind', (name) => {
    const event = sent(track({ properties: { [name]: { location: 'here' } } }));
    expect(event[name]).toBeUndefined();
    expect(event.keen).toMatchObject({ location: 'here' });
  });

  it('takes the first match in key order', () => {
    const event = sent(track({ properties: { KEEN: { first: true }, keen: { second: true } } }));
    expect(event.keen).toMatchObject({ first: true });
    expect(event.keen).not.toHaveProperty('second');
  });

  it.each([
    ['string', 'text'],
    ['number', 5],
    ['array', [1]],
    ['null', null],
    ['date string', '2014-01-01'],
  ])('fails a %s keen value', (_case, value) => {
    const error = mappingErrorOf(() =>
      mapTrack(track({ properties: { Keen: value } }), SETTINGS, RECEIVED_AT),
    );
    expect(error.errorName).toBe('KeenPropertyTypeError');
    expect(error.message).toContain('"Keen"');
  });

  it('matches names the lookup way', () => {
    expect(findPropertyKey({ a: 1, 'U.R.L': 2, url: 3 }, 'url')).toBe('U.R.L');
    expect(findPropertyKey({ keenly: 1 }, 'keen')).toBeUndefined();
  });
});

describe('mapTrack key normalisation', () => {
  it('replaces only the first dot', () => {
    expect(sent(track({ properties: { 'a.b.c': 1 } }))).toMatchObject({ 'a_b.c': 1 });
  });

  it('normalises nested objects and arrays', () => {
    const event = sent(
      track({
        properties: { 'o.x': { 'i.y': { 'd.z': 1 } }, list: [{ 'e.f': 2 }, [{ 'g.h': 3 }]] },
      }),
    );
    expect(event.o_x).toEqual({ i_y: { d_z: 1 } });
    expect(event.list).toEqual([{ e_f: 2 }, [{ g_h: 3 }]]);
  });

  it('lets the later key win', () => {
    expect(sent(track({ properties: { 'a.b': 'dotted', a_b: 'plain' } })).a_b).toBe('plain');
    expect(sent(track({ properties: { a_b: 'plain', 'a.b': 'dotted' } })).a_b).toBe('dotted');
  });

  it('normalises the keen object', () => {
    expect(sent(track({ properties: { keen: { 'geo.lat': 1 } } })).keen).toMatchObject({
      geo_lat: 1,
    });
  });

  it('keeps other names unchanged', () => {
    const event = sent(track({ properties: { $price: 1, '': 2, ['x'.repeat(300)]: 3 } }));
    expect(event).toMatchObject({ $price: 1, '': 2, ['x'.repeat(300)]: 3 });
  });

  it('keeps null and converted dates', () => {
    expect(sent(track({ properties: { 'n.v': null, 'd.v': '2014-01-01' } }))).toMatchObject({
      n_v: null,
      d_v: '2014-01-01T00:00:00.000Z',
    });
  });

  it('does not normalise traits', () => {
    const integrations = { 'Keen IO': { traits: { 'plan.name': 'pro', nested: { 'a.b': 1 } } } };
    expect(sent(track({ integrations })).traits).toEqual({
      'plan.name': 'pro',
      nested: { 'a.b': 1 },
    });
  });
});

describe('mapTrack Segment fields', () => {
  it('falls back to anonymousId', () => {
    expect(sent(track({ userId: '', anonymousId: 'anon-1' })).userId).toBe('anon-1');
    expect(sent(track({ userId: null, anonymousId: 'anon-1' })).userId).toBe('anon-1');
  });

  it('prefers userId over anonymousId', () => {
    expect(sent(track({ userId: 'u9', anonymousId: 'anon-1' })).userId).toBe('u9');
  });

  it('keeps caller userId without identity', () => {
    expect(sent(track({ userId: undefined, properties: { userId: 'from-props' } })).userId).toBe(
      'from-props',
    );
  });

  it('overwrites caller fields with message values', () => {
    const context = {
      ip: '1.2.3.4',
      userAgent: 'UA/1',
      page: { url: 'https://ctx.example/', referrer: 'https://ref.example/' },
    };
    const properties = {
      userId: 'p',
      ip_address: 'p',
      user_agent: 'p',
      referrer_url: 'p',
      page_url: 'p',
      traits: { p: 1 },
    };
    expect(sent(track({ userId: 'u1', context, properties }))).toMatchObject({
      userId: 'u1',
      ip_address: '1.2.3.4',
      user_agent: 'UA/1',
      referrer_url: 'https://ref.example/',
      page_url: 'https://ctx.example/',
      traits: {},
    });
  });

  it('keeps caller fields whose sources are empty', () => {
    const properties = {
      ip_address: '9.9.9.9',
      user_agent: 'mine',
      referrer_url: 'r',
      page_url: 'p',
    };
    expect(sent(track({ context: { ip: '', page: {} }, properties }))).toMatchObject(properties);
  });

  it('reads page_url from the url property first', () => {
    const event = sent(
      track({
        properties: { URL: 'https://prop.example/' },
        context: { page: { url: 'https://ctx.example/' } },
      }),
    );
    expect(event.page_url).toBe('https://prop.example/');
    expect(event.URL).toBe('https://prop.example/');
  });

  it('falls back to context.page.url', () => {
    expect(
      sent(track({ properties: { url: '' }, context: { page: { url: 'https://ctx.example/' } } }))
        .page_url,
    ).toBe('https://ctx.example/');
  });

  it('ignores the referrer property', () => {
    expect(sent(track({ properties: { referrer: 'https://prop.example/' } }))).not.toHaveProperty(
      'referrer_url',
    );
  });

  it('reads traits from Keen IO only', () => {
    expect(
      sent(track({ integrations: { 'Keen IO': { traits: { plan: 'pro' } } } })).traits,
    ).toEqual({ plan: 'pro' });
    expect(sent(track({ integrations: { Keen: { traits: { plan: 'pro' } } } })).traits).toEqual({});
  });

  it('converts ISO dates in traits', () => {
    expect(
      sent(track({ integrations: { 'Keen IO': { traits: { since: '2014-01-01' } } } })).traits,
    ).toEqual({
      since: '2014-01-01T00:00:00.000Z',
    });
  });

  it('sends nothing else from the message', () => {
    const message = track({
      messageId: 'm1',
      anonymousId: 'a1',
      channel: 'server',
      sentAt: '2014-01-01T00:00:00Z',
      receivedAt: '2014-01-01T00:00:00Z',
      originalTimestamp: '2014-01-01T00:00:00Z',
      integrations: { All: true, 'Keen IO': true },
      context: {
        library: { name: 'x' },
        traits: { t: 1 },
        personas: { p: 1 },
        locale: 'en',
        device: {},
        os: {},
        app: {},
        network: {},
      },
      properties: { only: 1 },
    });
    expect(Object.keys(sent(message)).sort()).toEqual(['keen', 'only', 'traits', 'userId']);
  });
});

describe('mapTrack add-ons', () => {
  const context = {
    ip: '1.2.3.4',
    userAgent: 'UA/1',
    page: { url: 'https://ctx.example/', referrer: 'https://ref.example/' },
  };

  it('attaches enabled add-ons in order', () => {
    expect(sent(track({ context }), ALL_ADDONS).keen).toMatchObject({
      addons: [IP_ADDON, UA_ADDON, URL_ADDON, REFERRER_ADDON],
    });
  });

  it('attaches nothing with add-ons off', () => {
    expect(sent(track({ context }), SETTINGS).keen).toMatchObject({ addons: [] });
  });

  it('skips add-ons without inputs', () => {
    expect(sent(track({ context: {} }), ALL_ADDONS).keen).toMatchObject({ addons: [] });
  });

  it('needs page_url for the referrer add-on', () => {
    const addons = (
      sent(track({ context: { page: { referrer: 'https://ref.example/' } } }), ALL_ADDONS)
        .keen as JsonObject
    ).addons;
    expect(addons).toEqual([]);
  });

  it('needs referrer_url for the referrer add-on', () => {
    const addons = (
      sent(track({ properties: { url: 'https://p.example/' } }), ALL_ADDONS).keen as JsonObject
    ).addons;
    expect(addons).toEqual([URL_ADDON]);
  });

  it('counts caller properties as inputs', () => {
    const properties = { ip_address: '5.6.7.8', user_agent: 'mine' };
    expect(sent(track({ properties }), ALL_ADDONS).keen).toMatchObject({
      addons: [IP_ADDON, UA_ADDON],
    });
  });

  it('attaches each add-on by its own setting', () => {
    expect(sent(track({ context }), { ...SETTINGS, uaAddon: true }).keen).toMatchObject({
      addons: [UA_ADDON],
    });
    expect(sent(track({ context }), { ...SETTINGS, referrerAddon: true }).keen).toMatchObject({
      addons: [REFERRER_ADDON],
    });
  });
});
