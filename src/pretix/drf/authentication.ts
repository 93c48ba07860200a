import { Errors } from './errors.js';
import type { Dataset } from '../../store/dataset.js';
import type { DeviceRecord, OAuthTokenRecord, TeamRecord, TeamTokenRecord } from '../../store/fixture-types.js';

/** Who a request acts as, once authenticated. */
export type Principal =
  | { kind: 'team-token'; token: TeamTokenRecord; team: TeamRecord }
  | { kind: 'device'; device: DeviceRecord }
  | { kind: 'oauth'; token: OAuthTokenRecord };

/** The credential an Authorization value names: its scheme and token, before any lookup. */
export interface Credential {
  scheme: string;
  token: string;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

// HTTP headers arrive as latin-1; DRF splits the raw bytes on ASCII whitespace.
const splitBytes = (header: string) => header.split(/[ \t\n\r\x0b\x0c]+/).filter(Boolean);

/** The scheme and token of an Authorization value, without checking them (for routing to a sandbox). */
export function credentialOf(header: string | undefined): Credential | undefined {
  if (!header) return undefined;
  const parts = splitBytes(header);
  if (parts.length !== 2) return undefined;
  return { scheme: parts[0]!.toLowerCase(), token: parts[1]! };
}

/** DRF TokenAuthentication's parsing for one keyword; undefined when the keyword is not used. */
function keywordToken(header: string, keyword: string): string | undefined {
  const parts = splitBytes(header);
  if (parts.length === 0 || parts[0]!.toLowerCase() !== keyword) return undefined;
  if (parts.length === 1) throw Errors.tokenHeaderEmpty();
  if (parts.length > 2) throw Errors.tokenHeaderSpaces();
  try {
    return strictUtf8.decode(Buffer.from(parts[1]!, 'latin1'));
  } catch {
    throw Errors.tokenHeaderEncoding();
  }
}

/**
 * pretix's authentication classes in their order: team tokens (`Token`), devices (`Device`),
 * the session (never: the mock has none), then OAuth (`Bearer`). Returns undefined when no class
 * recognises the header (the caller answers 401 "not provided" if the permission check fails);
 * throws the exact 401 (or the device profile's 403) for a recognised but invalid credential.
 * `beforeOAuth` runs when the request gets as far as django-oauth-toolkit's class, which reads
 * the body: it is where a body that cannot be parsed is refused (400, 415) before any 401 or 403.
 */
export function authenticate(header: string | undefined, data: Dataset, beforeOAuth?: () => void, now = Date.now()): Principal | undefined {
  if (!header) {
    beforeOAuth?.();
    return undefined;
  }
  const teamKey = keywordToken(header, 'token');
  if (teamKey !== undefined) {
    const token = data.teamToken(teamKey);
    if (!token) throw Errors.invalidToken();
    if (!token.active) throw Errors.tokenInactive();
    return { kind: 'team-token', token, team: data.team(token.team)! };
  }
  const deviceKey = keywordToken(header, 'device');
  if (deviceKey !== undefined) {
    const device = data.device(deviceKey);
    if (!device) throw Errors.invalidToken();
    if (!device.initialized) throw Errors.deviceNotInitialized();
    if (device.revoked) throw Errors.deviceRevoked();
    // No security profile but `full` allows the webhook URLs.
    if (device.security_profile !== 'full') throw Errors.deviceProfileDenied();
    return { kind: 'device', device };
  }
  beforeOAuth?.();
  // oauthlib: exactly two whitespace-separated parts, the first `bearer` in any case.
  const parts = header.split(/\s+/).filter(Boolean);
  if (parts.length === 2 && parts[0]!.toLowerCase() === 'bearer') {
    const token = data.oauthToken(parts[1]!);
    if (token && (token.expires === null || Date.parse(token.expires) > now)) return { kind: 'oauth', token };
  }
  return undefined;
}
