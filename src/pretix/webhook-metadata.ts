import { authenticate } from './authentication.js';
import { hasPermission } from './permissions.js';
import { pythonInt } from './python.js';
import type { PretixRoute } from './routes.js';
import type { Dataset } from '../store/dataset.js';
import { WEBHOOK_FIELD_METADATA } from './webhook-fields.js';

/**
 * DRF's SimpleMetadata for OPTIONS. The field descriptions come from the field table
 * (webhook-fields.ts); `actions` lists POST on the list and PUT on an existing webhook, only when
 * the credentials may write.
 */
export function webhookMetadata(route: PretixRoute, authorization: string | undefined, data: Dataset) {
  const isList = route.name === 'webhook-list';
  const method = isList ? 'POST' : 'PUT';
  const principal = authenticate(authorization, data);
  let writable = principal !== undefined && hasPermission(principal, route.organizer, method, data);
  if (writable && route.name === 'webhook-detail') {
    const id = pythonInt(route.id);
    writable = id !== undefined && data.webhook(route.organizer, id) !== undefined;
  }
  return {
    name: isList ? 'Web Hook List' : 'Web Hook Instance',
    description: '',
    renders: ['application/json'],
    parses: ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'],
    ...(writable ? { actions: { [method]: WEBHOOK_FIELD_METADATA } } : {}),
  };
}
