import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * pretix.eu's SSRF guard (pretix `helpers/ssrf.py` `should_block_access`), applied after DNS
 * resolution: multicast, loopback, link-local, Python's `is_private` ranges and RFC 6598 CGNAT
 * are refused, IPv4-mapped IPv6 addresses are judged by their IPv4 address.
 */

function list(subnets: Array<[string, number]>): BlockList {
  const blocks = new BlockList();
  for (const [net, prefix] of subnets) blocks.addSubnet(net, prefix, isIP(net) === 6 ? 'ipv6' : 'ipv4');
  return blocks;
}

const MULTICAST = list([['224.0.0.0', 4], ['ff00::', 8]]);
const LOCAL = list([['127.0.0.0', 8], ['169.254.0.0', 16], ['::1', 128], ['fe80::', 10]]);
// Python's ipaddress `_private_networks` (3.12+), without the special cases of 192.0.0.9/10.
const PRIVATE = list([
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.0.2.0', 24],
  ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['240.0.0.0', 4], ['255.255.255.255', 32],
  ['::', 128], ['64:ff9b:1::', 48], ['100::', 64], ['2001::', 23], ['2001:db8::', 32], ['2002::', 16],
  ['fc00::', 7],
]);
const CGNAT = list([['100.64.0.0', 10]]);

/** The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:a.b.c.d` or `::ffff:7f00:1`). */
function mappedIpv4(address: string): string | undefined {
  const m = /^::ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(address);
  if (!m) return undefined;
  if (m[1]) return m[1];
  const hi = parseInt(m[2]!, 16);
  const lo = parseInt(m[3]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** pretix's refusal text for an IP address, or undefined when pretix.eu would connect. */
export function blockedReason(address: string): string | undefined {
  const v4 = mappedIpv4(address);
  const shown = v4 ? `::ffff:${v4}` : address;
  const [ip, family] = v4 ? [v4, 'ipv4' as const] : [address, isIP(address) === 6 ? ('ipv6' as const) : ('ipv4' as const)];
  if (MULTICAST.check(ip, family)) return `Request to multicast address ${shown} blocked`;
  if (LOCAL.check(ip, family)) return `Request to local address ${shown} blocked`;
  if (PRIVATE.check(ip, family)) return `Request to private address ${shown} blocked`;
  if (CGNAT.check(ip, family)) return `Request to RFC 6598 address ${shown} blocked`;
  return undefined;
}

/** A connection the SSRF guard refused; its message is pretix's. */
export class BlockedAddressError extends Error {
  override name = 'BlockedAddressError';
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for `http.request` that resolves like `dns.lookup` and then refuses the connection
 * if any resolved address is blocked, so the check sees the address actually connected to.
 */
export function guardedLookup(hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    for (const a of addresses) {
      const reason = blockedReason(a.address);
      if (reason) return callback(new BlockedAddressError(reason), []);
    }
    if (options.all) return callback(null, addresses);
    const first = addresses[0];
    if (!first) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
    callback(null, first.address, first.family);
  });
}
