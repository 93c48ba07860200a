import { hasPermission } from './webhook-permission.js';
import { WEBHOOK_FIELD_METADATA } from './webhook-fields.js';
import { authenticate } from '../../drf/authentication.js';
import { pythonInt } from '../../drf/python.js';
import type { Dataset } from '../../../store/dataset.js';

/**
 * DRF's SimpleMetadata for OPTIONS. The field descriptions come from the field table
 * (webhook-fields.ts); `actions` lists POST on the list and PUT on an existing webhook, only when
 * the credentials may write.
 */
export function webhookMetadata(name: 'webhook-list' | 'webhook-detail', params: Readonly<Record<string, string>>, authorization: string | undefined, data: Dataset) {
  const isList = name === 'webhook-list';
  const method = isList ? 'POST' : 'PUT';
  const principal = authenticate(authorization, data);
  let writable = principal !== undefined && hasPermission(principal, params.organizer!, method, data);
  if (writable && !isList) {
    const id = pythonInt(params.id!);
    writable = id !== undefined && data.webhook(params.organizer!, id) !== undefined;
  }
  return {
    name: isList ? 'Web Hook List' : 'Web Hook Instance',
    description: '',
    renders: ['application/json'],
    parses: ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'],
    ...(writable ? { actions: { [method]: WEBHOOK_FIELD_METADATA } } : {}),
  };
}
