import { hasPermission } from './webhook-permission.js';
import { authenticate } from '../../drf/authentication.js';
import { pythonInt } from '../../drf/python.js';
import type { Dataset } from '../../../store/dataset.js';

/**
 * DRF's SimpleMetadata for OPTIONS. The field descriptions are inferred from pretix's WebHook
 * model and serializer (labels are the model's verbose names); `actions` lists POST on the list
 * and PUT on an existing webhook, only when the credentials may write.
 */

const FIELD_INFO = {
  id: { type: 'integer', required: false, read_only: true, label: 'ID' },
  enabled: { type: 'boolean', required: false, read_only: false, label: 'Enable webhook' },
  target_url: { type: 'url', required: true, read_only: false, label: 'Target URL', max_length: 1024 },
  all_events: { type: 'boolean', required: false, read_only: false, label: 'All events (including newly created ones)' },
  limit_events: { type: 'field', required: true, read_only: false, label: 'Limit events' },
  action_types: { type: 'field', required: true, read_only: false, label: 'Action types' },
  comment: { type: 'string', required: false, read_only: false, label: 'Comment', max_length: 255 },
};

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
    ...(writable ? { actions: { [method]: FIELD_INFO } } : {}),
  };
}
