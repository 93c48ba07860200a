import { DEVICE_PERMISSIONS } from '../../drf/access.js';
import type { Principal } from '../../drf/authentication.js';
import type { Dataset } from '../../../store/dataset.js';

/** Both reading and writing webhooks need this team permission (src/pretix/api/views/webhooks.py). */
export const WEBHOOK_PERMISSION = 'can_change_organizer_settings';

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * pretix's EventPermission for an organizer-level URL: the organizer must exist and the
 * principal must hold the permission there. OAuth tokens also need the `read` scope for safe
 * methods, `write` for the others, and a grant for the organizer.
 */
export function hasPermission(principal: Principal, organizer: string, method: string, data: Dataset): boolean {
  if (!data.organizer(organizer)) return false;
  switch (principal.kind) {
    case 'team-token':
      return principal.team.organizer === organizer && principal.team.permissions.includes(WEBHOOK_PERMISSION);
    case 'device':
      return principal.device.organizer === organizer && DEVICE_PERMISSIONS.has(WEBHOOK_PERMISSION);
    case 'oauth': {
      const { token } = principal;
      const teams = data.teamsOfUser(organizer, token.user);
      if (!teams.some((t) => t.permissions.includes(WEBHOOK_PERMISSION))) return false;
      if (!token.scopes.includes(SAFE_METHODS.has(method) ? 'read' : 'write')) return false;
      return token.organizers.includes(organizer);
    }
  }
}
