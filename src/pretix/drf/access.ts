import type { Principal } from './authentication.js';
import type { Dataset } from '../../store/dataset.js';

/** What a device may do, whatever its organizer's teams allow (src/pretix/base/models/devices.py). */
export const DEVICE_PERMISSIONS: ReadonlySet<string> = new Set([
  'can_view_orders', 'can_change_orders', 'can_view_vouchers', 'can_manage_gift_cards', 'can_manage_reusable_media',
]);

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

export const isSafeMethod = (method: string) => SAFE_METHODS.has(method);

/** An OAuth token needs the `read` scope for safe methods and `write` for the others; other credentials pass. */
export function oauthScopeAllows(principal: Principal, method: string): boolean {
  return principal.kind !== 'oauth' || principal.token.scopes.includes(isSafeMethod(method) ? 'read' : 'write');
}

/**
 * The organizers a credential reaches: a team token its team's, a device its own, an OAuth token
 * the granted organizers where its user is in a team.
 */
export function reachesOrganizer(principal: Principal, organizer: string, data: Dataset): boolean {
  if (!data.organizer(organizer)) return false;
  switch (principal.kind) {
    case 'team-token':
      return principal.team.organizer === organizer;
    case 'device':
      return principal.device.organizer === organizer;
    case 'oauth':
      return principal.token.organizers.includes(organizer) && data.teamsOfUser(organizer, principal.token.user).length > 0;
  }
}

/** Whether the credential holds a team permission (legacy name) at the organizer it reaches. */
export function holdsPermission(principal: Principal, organizer: string, permission: string, data: Dataset): boolean {
  if (!reachesOrganizer(principal, organizer, data)) return false;
  switch (principal.kind) {
    case 'team-token':
      return principal.team.permissions.includes(permission);
    case 'device':
      return DEVICE_PERMISSIONS.has(permission);
    case 'oauth':
      return data.teamsOfUser(organizer, principal.token.user).some((t) => t.permissions.includes(permission));
  }
}
