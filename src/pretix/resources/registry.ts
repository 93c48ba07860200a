/**
 * The pretix resources the mock serves, in Django's URL order. Route resolution, APPEND_SLASH and
 * the body parser iterate this list: adding a read-only resource is one folder, one line here,
 * one spec file and one store method.
 */
import { apiRoot } from './api-root/api-root.js';
import { eventDetail, eventList } from './events/event-resources.js';
import { organizerDetail, organizerList } from './organizers/organizer-resources.js';
import type { Resource, ResourceRoute } from './resource.js';
import { webhookDetail, webhookList } from './webhooks/webhook-resources.js';
import { decodePath } from '../drf/decode-path.js';

export const RESOURCES: readonly Resource[] = [apiRoot, organizerList, organizerDetail, webhookList, webhookDetail, eventList, eventDetail];

/** The resource a path resolves to (matched on the percent-decoded path, as Django does). */
export function resolveResource(path: string): ResourceRoute | null {
  if (!path.startsWith('/api/v1')) return null;
  const decoded = decodePath(path);
  for (const resource of RESOURCES) {
    const m = resource.pattern.exec(decoded);
    if (m) return { resource, params: { ...m.groups } };
  }
  return null;
}

/** True when some pretix URL matches the path. */
export function isPretixPath(path: string): boolean {
  return resolveResource(path) !== null;
}
