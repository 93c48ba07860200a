/**
 * pretix's URL patterns for the webhooks resource, matched the way Django matches them: on the
 * percent-decoded path, case-sensitively. The organizer is `[^/]+` and the id DRF's default
 * lookup `[^/.]+`, so `/webhooks/abc/` routes (and 404s later) while `/webhooks/1.5/` does not.
 */

export type PretixRoute = (
  | { name: 'webhook-list'; organizer: string }
  | { name: 'webhook-detail'; organizer: string; id: string }
) & {
  /** DRF's format suffix (`webhooks.json`, `webhooks/2.json`), when the path has one. */
  format?: string;
};

const LIST = /^\/api\/v1\/organizers\/([^/]+)\/webhooks\/$/;
const DETAIL = /^\/api\/v1\/organizers\/([^/]+)\/webhooks\/([^/.]+)\/$/;
// DRF's format_suffix_patterns: each pattern again with `\.(?P<format>[a-z0-9]+)/?$` for its slash.
const LIST_SUFFIX = /^\/api\/v1\/organizers\/([^/]+)\/webhooks\.([a-z0-9]+)\/?$/;
const DETAIL_SUFFIX = /^\/api\/v1\/organizers\/([^/]+)\/webhooks\/([^/.]+)\.([a-z0-9]+)\/?$/;

/** The path Django would match: percent-decoded; undecodable sequences stay as they were. */
export function decodePath(path: string): string {
  if (!path.includes('%')) return path;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

export function resolvePretixPath(path: string): PretixRoute | undefined {
  const decoded = decodePath(path);
  let m = LIST.exec(decoded);
  if (m) return { name: 'webhook-list', organizer: m[1]! };
  m = DETAIL.exec(decoded);
  if (m) return { name: 'webhook-detail', organizer: m[1]!, id: m[2]! };
  m = LIST_SUFFIX.exec(decoded);
  if (m) return { name: 'webhook-list', organizer: m[1]!, format: m[2]! };
  m = DETAIL_SUFFIX.exec(decoded);
  if (m) return { name: 'webhook-detail', organizer: m[1]!, id: m[2]!, format: m[3]! };
  return undefined;
}

/** The path of the route without a format suffix, as the spec names it. */
export function canonicalPath(route: PretixRoute): string {
  const base = `/api/v1/organizers/${encodeURIComponent(route.organizer)}/webhooks/`;
  return route.name === 'webhook-list' ? base : `${base}${encodeURIComponent(route.id)}/`;
}

/** The `Allow` header DRF sends on every answer of the route. */
export const ALLOWED_METHODS: Record<PretixRoute['name'], string> = {
  'webhook-list': 'GET, POST, HEAD, OPTIONS',
  'webhook-detail': 'GET, PUT, PATCH, DELETE, HEAD, OPTIONS',
};
