import { PretixError } from '../pretix/drf/errors.js';
import type { Problem } from './types.js';

const detail = (status: number, text: string, headers?: Record<string, string>) => new PretixError(status, { detail: text }, headers);

/**
 * The control plane's own error answers. They use pretix's error class (so they are rendered by
 * the one error handler) but are pretix-mock's words, not pretix's.
 */
export const AdminErrors = {
  adminTokenMissing: () =>
    detail(401, 'The control plane needs "Authorization: Bearer <admin token>" on this address.', {
      'WWW-Authenticate': 'Bearer realm="pretix-mock control plane"',
    }),
  adminTokenInvalid: () =>
    detail(401, 'Invalid admin token.', { 'WWW-Authenticate': 'Bearer realm="pretix-mock control plane", error="invalid_token"' }),
  controlPlaneDisabled: () =>
    detail(
      403,
      'The control plane is disabled: the server listens on a non-loopback address and no admin token is configured ' +
        '(start it with --admin-token or PRETIX_MOCK_ADMIN_TOKEN).',
    ),
  invalid: (text: string, errors: Problem[]) => new PretixError(400, { detail: text, errors }),
  noSuchSandbox: (id: string) => detail(404, `No sandbox ${JSON.stringify(id)} (it may have been deleted or expired).`),
  sharedNotDeletable: () => detail(409, 'The shared dataset cannot be deleted; reset it instead (POST /__admin/reset).'),
  journalOff: () => detail(409, 'The request journal is off (--journal-size 0), so there is nothing to query.'),
  noSuchFault: (id: number) => detail(404, `No fault rule ${id} (it may have been removed or cleared).`),
  tooManyFaults: (max: number) => detail(409, `There are already ${max} fault rules; clear some first (DELETE /__admin/faults).`),
  tooManySandboxes: (max: number, retryAfterSeconds: number) =>
    detail(
      429,
      `All ${max} sandboxes are in use (--max-sandboxes). Delete one (DELETE /__admin/sandboxes/{id}) or wait for an idle one to expire.`,
      { 'Retry-After': String(retryAfterSeconds) },
    ),
} as const;
