import { readFileSync } from 'node:fs';

import { Reader, type CityResponse } from 'maxmind';

import type { GeoInfo, GeoSource } from './ip-to-geo.js';

/** Error for a GeoIP database file that cannot be opened or read. */
export class GeoIpDatabaseError extends Error {}

/** Return the English name of a GeoIP2 record, or null. */
function englishName(record: { names?: { en?: string } } | undefined): string | null {
  return record?.names?.en ?? null;
}

/** Map a GeoIP2 or GeoLite2 City record to Keen's `keen:ip_to_geo` fields. */
export function geoInfoFromCity(record: CityResponse): GeoInfo {
  const { location } = record;
  const hasCoordinates =
    typeof location?.longitude === 'number' && typeof location?.latitude === 'number';
  return {
    city: englishName(record.city),
    province: englishName(record.subdivisions?.[0]),
    country: englishName(record.country),
    continent: englishName(record.continent),
    postal_code: record.postal?.code ?? null,
    coordinates: hasCoordinates ? [location.longitude, location.latitude] : null,
  };
}

/**
 * Open a MaxMind database (`.mmdb`) with City records, such as GeoLite2-City, and return it as a
 * lookup source. The file is read once, so lookups never touch the disk.
 */
export function openGeoIpDatabase(path: string): GeoSource {
  let reader: Reader<CityResponse>;
  try {
    reader = new Reader<CityResponse>(readFileSync(path));
  } catch (error) {
    throw new GeoIpDatabaseError(
      `GeoIP database ${path} could not be read (${(error as Error).message}): pass a MaxMind .mmdb file with City records, such as GeoLite2-City.mmdb.`,
    );
  }
  return (address) => {
    const record = reader.get(address);
    return record === null ? null : geoInfoFromCity(record);
  };
}
