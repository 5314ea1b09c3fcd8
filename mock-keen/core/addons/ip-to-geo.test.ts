import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { createMockCore } from '../core.js';
import { GeoIpDatabaseError, openGeoIpDatabase } from './geoip-database.js';
import {
  DOCUMENTATION_PLACES,
  UNKNOWN_GEO,
  createGeoLocator,
  tableSource,
  type GeoInfo,
} from './ip-to-geo.js';

/** A GeoIP2-City database written by MaxMind's writer from `testdata/write-test-geoip.pl`. */
const TEST_DATABASE = fileURLToPath(new URL('./testdata/test-geoip.mmdb', import.meta.url));

const LYON: GeoInfo = {
  city: 'Lyon',
  province: 'Auvergne-Rhône-Alpes',
  country: 'France',
  continent: 'Europe',
  postal_code: '69001',
  coordinates: [4.83, 45.76],
};

function placeOf(range: string): GeoInfo {
  const entry = DOCUMENTATION_PLACES.find((candidate) => candidate.range === range);
  if (entry === undefined) throw new Error(`no documentation place for ${range}`);
  return entry.place;
}

describe('ip to geo without a database', () => {
  const locate = createGeoLocator([]);
  // A source that places every address, so only the non-public check can give null fields.
  const locateEverywhere = createGeoLocator([() => LYON]);

  const nonPublic = [
    ['loopback', '127.0.0.1'],
    ['loopback in another /8 address', '127.8.9.10'],
    ['private 10/8', '10.1.2.3'],
    ['private 172.16/12', '172.31.255.1'],
    ['private 192.168/16', '192.168.1.1'],
    ['link-local', '169.254.10.20'],
    ['CGNAT', '100.64.0.1'],
    ['CGNAT upper end', '100.127.255.254'],
    ['unspecified', '0.0.0.0'],
    ['IPv6 loopback', '::1'],
    ['IPv6 unique-local', 'fd12:3456::1'],
    ['IPv6 link-local', 'fe80::1'],
    ['IPv4-mapped loopback', '::ffff:127.0.0.1'],
  ];
  for (const [name, address] of nonPublic) {
    it(`gives null fields for ${name}`, () => {
      expect(locateEverywhere(address)).toEqual(UNKNOWN_GEO);
    });
  }

  const documentation = [
    ['192.0.2.44', '192.0.2.0/24'],
    ['198.51.100.1', '198.51.100.0/24'],
    ['203.0.113.255', '203.0.113.0/24'],
    ['2001:db8::7', '2001:db8::/32'],
    ['::ffff:192.0.2.5', '192.0.2.0/24'],
  ];
  for (const [address, range] of documentation) {
    it(`places ${address} in its sample place`, () => {
      expect(locate(address)).toEqual(placeOf(range));
    });
  }

  it('fills every field of the sample places', () => {
    for (const { place } of DOCUMENTATION_PLACES) {
      expect(Object.values(place).every((value) => value !== null)).toBe(true);
    }
  });

  it('gives null fields for an unknown public address', () => {
    expect(locate('8.8.8.8')).toEqual(UNKNOWN_GEO);
  });

  it('gives null fields next to a sample range', () => {
    expect(locate('192.0.3.1')).toEqual(UNKNOWN_GEO);
  });

  for (const value of ['not-an-ip', '', 42, null]) {
    it(`gives null fields for ${JSON.stringify(value)}`, () => {
      expect(locate(value)).toEqual(UNKNOWN_GEO);
    });
  }
});

describe('ip to geo with a table', () => {
  const locate = createGeoLocator([
    tableSource({ '8.8.4.4': LYON, '192.0.2.9': LYON, '10.0.0.9': LYON }),
  ]);

  it('looks addresses up in the table', () => {
    expect(locate('8.8.4.4')).toEqual(LYON);
  });

  it('takes precedence over sample places', () => {
    expect(locate('192.0.2.9')).toEqual(LYON);
  });

  it('never places a private address', () => {
    expect(locate('10.0.0.9')).toEqual(UNKNOWN_GEO);
  });

  it('returns a copy', () => {
    const first = locate('8.8.4.4');
    first.coordinates?.splice(0, 2);

    expect(locate('8.8.4.4')).toEqual(LYON);
  });
});

describe('ip to geo with a GeoIP database', () => {
  const locate = createGeoLocator([openGeoIpDatabase(TEST_DATABASE)]);

  it('maps a City record to Keen fields', () => {
    expect(locate('81.2.69.160')).toEqual({
      city: 'Fixture City',
      province: 'Fixture Province',
      country: 'Fixtureland',
      continent: 'Fixture Continent',
      postal_code: 'FX-1',
      coordinates: [-0.1, 51.5],
    });
  });

  it('gives null for fields a record lacks', () => {
    expect(locate('2a02:cf40::1')).toEqual({
      city: 'Fixture Port',
      province: null,
      country: 'Fixtureland',
      continent: 'Fixture Continent',
      postal_code: null,
      coordinates: null,
    });
  });

  it('takes precedence over sample places', () => {
    expect(locate('203.0.113.1')?.city).toBe('Database Harbour');
  });

  it('falls back to sample places', () => {
    expect(locate('203.0.113.200')).toEqual(placeOf('203.0.113.0/24'));
  });

  it('gives null fields for an address it lacks', () => {
    expect(locate('81.2.70.1')).toEqual(UNKNOWN_GEO);
  });

  it('rejects a file that is not a database', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'mock-keen-geoip-'));
    const path = join(directory, 'not-a-database.mmdb');
    await writeFile(path, 'plain text');

    expect(() => openGeoIpDatabase(path)).toThrow(GeoIpDatabaseError);
    expect(() => openGeoIpDatabase(path)).toThrow(/not-a-database\.mmdb could not be read/);
  });

  it('rejects a missing file', () => {
    expect(() => openGeoIpDatabase('/nonexistent/geoip.mmdb')).toThrow(
      /\/nonexistent\/geoip\.mmdb could not be read/,
    );
  });
});

describe('createMockCore geoipDatabase option', () => {
  it('enriches a stored event from the database', () => {
    const core = createMockCore({ geoipDatabase: TEST_DATABASE });
    core.registry.registerRun('default', [{ projectId: 'p', keys: [{ key: 'w', kind: 'write' }] }]);
    const event = {
      ip: '${keen.ip}',
      keen: { addons: [{ name: 'keen:ip_to_geo', input: { ip: 'ip' }, output: 'geo' }] },
    };

    const response = core.handle({
      method: 'POST',
      path: '/3.0/projects/p/events/visits',
      query: '',
      headers: { authorization: 'w', 'content-type': 'application/json' },
      rawBody: Buffer.from(JSON.stringify(event)),
      clientIp: '::ffff:81.2.69.7',
    });

    expect(response.status).toBe(201);
    const [record] = core.journal.list('default');
    expect(record.stored?.ip).toBe('81.2.69.7');
    expect((record.stored?.geo as GeoInfo).city).toBe('Fixture City');
  });

  it('rejects an unreadable database at creation', () => {
    expect(() => createMockCore({ geoipDatabase: '/nonexistent/geoip.mmdb' })).toThrow(
      GeoIpDatabaseError,
    );
  });
});
