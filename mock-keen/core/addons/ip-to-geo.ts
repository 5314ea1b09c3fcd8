import { BlockList, isIP } from 'node:net';

/** Output of `keen:ip_to_geo`; coordinates are `[longitude, latitude]`. */
export interface GeoInfo {
  city: string | null;
  province: string | null;
  country: string | null;
  continent: string | null;
  postal_code: string | null;
  coordinates: [number, number] | null;
}

export const UNKNOWN_GEO: GeoInfo = {
  city: null,
  province: null,
  country: null,
  continent: null,
  postal_code: null,
  coordinates: null,
};

/** A source of locations: returns null for an address it does not know. */
export type GeoSource = (address: string) => GeoInfo | null;

/** A network in CIDR notation, such as `192.0.2.0/24`. */
type Cidr = `${string}/${number}`;

/**
 * Ranges that never have a location: unspecified, loopback, private (RFC 1918), shared CGNAT
 * (RFC 6598), link-local, IPv6 unique-local and multicast.
 */
const NON_PUBLIC_RANGES: Cidr[] = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '224.0.0.0/4',
  '::/128',
  '::1/128',
  'fc00::/7',
  'fe80::/10',
  'ff00::/8',
];

/**
 * Fixed, fictional places for the documentation ranges (RFC 5737 and RFC 3849), so tests can use
 * addresses assigned to no one and still see every output field filled. The coordinates lie in
 * the open sea near 0°, 0°.
 */
export const DOCUMENTATION_PLACES: ReadonlyArray<{ range: Cidr; place: GeoInfo }> = [
  {
    range: '192.0.2.0/24',
    place: {
      city: 'Example City',
      province: 'Example Province',
      country: 'Exampleland',
      continent: 'Example Continent',
      postal_code: 'EX-192',
      coordinates: [1.92, 0.2],
    },
  },
  {
    range: '198.51.100.0/24',
    place: {
      city: 'Sample Town',
      province: 'Sample County',
      country: 'Exampleland',
      continent: 'Example Continent',
      postal_code: 'EX-198',
      coordinates: [1.98, 0.51],
    },
  },
  {
    range: '203.0.113.0/24',
    place: {
      city: 'Test Harbour',
      province: 'Test Province',
      country: 'Testonia',
      continent: 'Example Continent',
      postal_code: 'TS-203',
      coordinates: [2.03, 0.113],
    },
  },
  {
    range: '2001:db8::/32',
    place: {
      city: 'Docport',
      province: 'Doc Province',
      country: 'Testonia',
      continent: 'Example Continent',
      postal_code: 'TS-2001',
      coordinates: [2.001, 0.8],
    },
  },
];

function addRange(list: BlockList, range: Cidr): void {
  const [network, prefix] = range.split('/');
  list.addSubnet(network, Number(prefix), isIP(network) === 6 ? 'ipv6' : 'ipv4');
}

function familyOf(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 6 ? 'ipv6' : 'ipv4';
}

const nonPublic = new BlockList();
for (const range of NON_PUBLIC_RANGES) addRange(nonPublic, range);

const documentationRanges = DOCUMENTATION_PLACES.map(({ range, place }) => {
  const list = new BlockList();
  addRange(list, range);
  return { list, place };
});

/** Reduce an IPv4-mapped IPv6 address such as `::ffff:192.0.2.1` to IPv4. */
function unmapIpv4(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped === null ? address : mapped[1];
}

/** Find the fictional place of a documentation address, or null. */
export function locateDocumentationAddress(address: string): GeoInfo | null {
  const family = familyOf(address);
  const entry = documentationRanges.find(({ list }) => list.check(address, family));
  return entry === undefined ? null : structuredClone(entry.place);
}

/**
 * Build the `keen:ip_to_geo` lookup. Non-public addresses and values that are not IP addresses give
 * null fields; any other address is looked up in `sources` in order, then in the documentation
 * places, and gives null fields when no source has it.
 */
export function createGeoLocator(sources: GeoSource[]): (value: unknown) => GeoInfo {
  return (value) => {
    if (typeof value !== 'string' || isIP(value) === 0) return { ...UNKNOWN_GEO };
    const address = unmapIpv4(value);
    if (nonPublic.check(address, familyOf(address))) return { ...UNKNOWN_GEO };

    for (const source of sources) {
      const found = source(address);
      if (found !== null) return structuredClone(found);
    }
    return locateDocumentationAddress(address) ?? { ...UNKNOWN_GEO };
  };
}

/** Make a source from a table of exact addresses. */
export function tableSource(table: Record<string, GeoInfo>): GeoSource {
  const byAddress = new Map(Object.entries(table));
  return (address) => byAddress.get(address) ?? null;
}
