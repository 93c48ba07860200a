import { create, destroy, list, options, retrieve, update } from './webhook-actions.js';
import { webhookInputFromForm } from './webhook-form-input.js';
import { hasPermission } from './webhook-permission.js';
import { normalizeWebhookInput } from './webhook-serializer.js';
import { withFormatSuffix } from '../../drf/suffix.js';
import type { PermissionRequest, Resource, ResourceInput } from '../resource.js';

const PREFIX = '/api/v1/organizers/(?<organizer>[^/]+)/webhooks';

/** WebHookViewSet's permission: the organizer's `can_change_organizer_settings` (see webhook-permission.ts). */
const permission = ({ principal, method, params, data }: PermissionRequest) => hasPermission(principal, params.organizer!, method, data);

/** A form body becomes the serializer's fields; every body gets the serializer's type coercions. */
const input: ResourceInput = { fromForm: webhookInputFromForm, normalize: normalizeWebhookInput };

const base = (params: Readonly<Record<string, string>>) => `/api/v1/organizers/${encodeURIComponent(params.organizer!)}/webhooks/`;

/**
 * `/api/v1/organizers/{organizer}/webhooks/`. The organizer is `[^/]+` as in pretix's URL
 * pattern; the spec names the paths without DRF's format suffix, so `canonicalPath` is what the
 * validator is shown.
 */
export const webhookList: Resource = {
  name: 'webhook-list',
  pattern: withFormatSuffix(PREFIX),
  allow: 'GET, POST, HEAD, OPTIONS',
  permission,
  actions: { GET: list, HEAD: list, POST: create, OPTIONS: options('webhook-list') },
  input,
  canonicalPath: base,
};

/** `/api/v1/organizers/{organizer}/webhooks/{id}/`: the id is DRF's default lookup `[^/.]+`, so `/webhooks/abc/` routes (and 404s later). */
export const webhookDetail: Resource = {
  name: 'webhook-detail',
  pattern: withFormatSuffix(`${PREFIX}/(?<id>[^/.]+)`),
  allow: 'GET, PUT, PATCH, DELETE, HEAD, OPTIONS',
  permission,
  actions: {
    GET: retrieve, HEAD: retrieve, PUT: update(false), PATCH: update(true), DELETE: destroy, OPTIONS: options('webhook-detail'),
  },
  input,
  canonicalPath: (params) => `${base(params)}${encodeURIComponent(params.id!)}/`,
};
