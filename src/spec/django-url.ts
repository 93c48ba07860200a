import { isIPv6 } from 'node:net';

/**
 * Django's URLValidator (django/core/validators.py) with pretix's defaults: schemes http, https,
 * ftp and ftps; a host that is an IPv4 address, a bracketed IPv6 address, `localhost`, or a name
 * with a top-level domain. Registered as the OpenAPI format `django-url`.
 */

const UL = '\\u00a1-\\uffff';
const IPV4 =
  '(?:0|25[0-5]|2[0-4][0-9]|1[0-9]?[0-9]?|[1-9][0-9]?)(?:\\.(?:0|25[0-5]|2[0-4][0-9]|1[0-9]?[0-9]?|[1-9][0-9]?)){3}';
const IPV6 = '\\[[0-9a-f:.]+\\]';
const HOSTNAME = `[a-z${UL}0-9](?:[a-z${UL}0-9-]{0,61}[a-z${UL}0-9])?`;
const DOMAIN = `(?:\\.(?!-)[a-z${UL}0-9-]{1,63}(?<!-))*`;
const TLD = `\\.(?!-)(?:[a-z${UL}-]{2,63}|xn--[a-z0-9]{1,59})(?<!-)\\.?`;
const HOST = `(${HOSTNAME}${DOMAIN}${TLD}|localhost)`;
// Python's \s on str is Unicode whitespace; JS \s is close enough for URLs.
const URL_RE = new RegExp(
  `^(?:[a-z0-9.+-]*)://(?:[^\\s:@/]+(?::[^\\s:@/]*)?@)?(?:${IPV4}|${IPV6}|${HOST})(?::[0-9]{1,5})?(?:[/?#][^\\s]*)?$`,
  'i',
);
const SCHEMES = new Set(['http', 'https', 'ftp', 'ftps']);

/** The netloc and hostname as Python's urlsplit() sees them; undefined where urlsplit raises. */
function splitHost(value: string): { netloc: string; hostname: string | undefined } | undefined {
  const afterScheme = value.slice(value.indexOf('://') + 3);
  const netloc = afterScheme.split(/[/?#]/, 1)[0] ?? '';
  if (netloc.includes('[') !== netloc.includes(']')) return undefined; // "Invalid IPv6 URL"
  const hostPart = netloc.slice(netloc.lastIndexOf('@') + 1);
  let hostname: string;
  if (hostPart.startsWith('[')) hostname = hostPart.slice(1, hostPart.indexOf(']'));
  else hostname = hostPart.split(':', 1)[0] ?? '';
  return { netloc, hostname: hostname ? hostname.toLowerCase() : undefined };
}

/** True if Django's URLValidator accepts the value. */
export function isDjangoUrl(value: string): boolean {
  if (value.length > 2048 || /[\t\r\n]/.test(value)) return false;
  if (!SCHEMES.has(value.split('://', 1)[0]!.toLowerCase())) return false;
  const split = splitHost(value);
  if (!split || !URL_RE.test(value)) return false;
  const bracketed = /^\[(.+)\](?::[0-9]{1,5})?$/.exec(split.netloc);
  if (bracketed && !isIPv6(bracketed[1]!)) return false;
  return split.hostname !== undefined && split.hostname.length <= 253;
}
