import { isIP } from 'node:net';

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

/** Loopback, private, link-local and unique-local ranges, which never have a location. */
const NON_PUBLIC = [/^127\./, /^10\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./, /^169\.254\./, /^0\./, /^::1$/, /^f[cd]/i, /^fe80:/i];

/** Look an IP address up in the configured table; unknown and non-public addresses give null fields. */
export function locateIp(value: unknown, table: ReadonlyMap<string, GeoInfo>): GeoInfo {
  if (typeof value !== 'string' || isIP(value) === 0 || NON_PUBLIC.some((range) => range.test(value))) {
    return { ...UNKNOWN_GEO };
  }
  const entry = table.get(value);
  return entry === undefined ? { ...UNKNOWN_GEO } : structuredClone(entry);
}
