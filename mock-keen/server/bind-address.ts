import { isIPv4, isIPv6 } from 'node:net';

/** Check whether `host` is a loopback address or `localhost`, which only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const address = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (address === 'localhost') return true;
  if (isIPv4(address)) return address.startsWith('127.');
  if (isIPv6(address)) return address === '::1' || /^::ffff:127\./.test(address);
  return false;
}

/** Build the warning for binding `host`, or null when `host` is a loopback address. */
export function publicBindWarning(host: string): string | null {
  if (isLoopbackHost(host)) return null;
  return (
    `mock-keen: binding ${host}, which is not a loopback address, so other hosts can reach the mock, ` +
    'its inspection API and the recorded events. Bind 127.0.0.1 unless you need remote access, and ' +
    'then set an inspection token.'
  );
}
