/**
 * The pretix resources the mock serves besides the webhooks, in Django's URL order. Route
 * resolution and APPEND_SLASH iterate this list; adding a read-only resource is one folder and
 * one line here. (The webhooks resource keeps its own routes in pretix/routes.ts for now.)
 */
import { apiRoot } from './api-root/api-root.js';
import { eventDetail, eventList } from './events/event-resources.js';
import { organizerDetail, organizerList } from './organizers/organizer-resources.js';
import type { Resource, ResourceRoute } from './resource.js';
import { decodePath, resolvePretixPath } from '../routes.js';

export const RESOURCES: readonly Resource[] = [apiRoot, organizerList, organizerDetail, eventList, eventDetail];

/** The registry resource a path resolves to (matched on the percent-decoded path, as Django does). */
export function resolveResource(path: string): ResourceRoute | undefined {
  if (!path.startsWith('/api/v1')) return undefined;
  const decoded = decodePath(path);
  for (const resource of RESOURCES) {
    const m = resource.pattern.exec(decoded);
    if (m) return { resource, params: { ...m.groups } };
  }
  return undefined;
}

/** True when some pretix URL (a registry resource or the webhooks) matches the path. */
export function isPretixPath(path: string): boolean {
  return resolvePretixPath(path) !== undefined || resolveResource(path) !== undefined;
}
