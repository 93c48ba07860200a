import { randomInt } from 'node:crypto';
import type { PayloadFamily } from '../pretix/action-types.js';

/**
 * pretix's `build_payload` per webhook event class (src/pretix/api/webhooks.py), keys in
 * pretix's order. The values a real pretix reads from the database or the log entry come from
 * the notify request; those it leaves out are generated.
 */

/** The ids and log data a notification can carry, named as in the payload. */
export interface NotificationIds {
  code?: string | null;
  orderposition_id?: number | null;
  orderposition_positionid?: number | null;
  checkin_list?: number | null;
  type?: string | null;
  first_checkin?: boolean | null;
  subevent?: number;
  item?: number;
  voucher?: number;
  waitinglistentry?: number;
  customer?: string;
  giftcard?: number;
  issuer_id?: number;
  acceptor_id?: number | null;
}

export type IdName = keyof NotificationIds;

const ORDER = ['notification_id', 'organizer', 'event', 'code', 'action'];
const withObject = (key: string) => ['notification_id', 'organizer', 'event', key, 'action'];

/** The payload keys of each family, in pretix's order. */
export const PAYLOAD_KEYS: Record<PayloadFamily, readonly string[]> = {
  order: ORDER,
  'order.deleted': ORDER,
  // ParametrizedOrderPositionCheckinWebhookEvent appends its keys to the order payload.
  checkin: [...ORDER, 'orderposition_id', 'orderposition_positionid', 'checkin_list', 'type', 'first_checkin'],
  event: ['notification_id', 'organizer', 'event', 'action'],
  subevent: withObject('subevent'),
  item: withObject('item'),
  voucher: withObject('voucher'),
  waitinglist: withObject('waitinglistentry'),
  customer: ['notification_id', 'organizer', 'customer', 'action'],
  giftcard: ['notification_id', 'issuer_id', 'giftcard', 'action'],
  // Inferred: the transaction class extends the gift card payload, so its extra key comes last.
  'giftcard.transaction': ['notification_id', 'issuer_id', 'giftcard', 'action', 'acceptor_id'],
};

/** Families whose log entries carry no event: every matching webhook gets them. */
export const EVENTLESS_FAMILIES: ReadonlySet<PayloadFamily> = new Set(['customer', 'giftcard', 'giftcard.transaction']);

// pretix's code alphabet (no 0, 1, 2, 4, 5, 6, I, O): 5 characters for orders, 7 for customers.
const CODE_CHARSET = 'ABCDEFGHJKLMNPQRSTUVWXYZ3789';
const code = (length: number) => Array.from({ length }, () => CODE_CHARSET[randomInt(CODE_CHARSET.length)]).join('');
const pk = () => randomInt(1, 100_000);

/** Plausible values for what the request left out. `issuer_id`/`acceptor_id` default to the organizer's id. */
function generate(key: IdName, organizerId: number): unknown {
  switch (key) {
    case 'code': return code(5);
    case 'customer': return code(7);
    case 'type': return 'entry';
    case 'first_checkin': return true;
    case 'orderposition_positionid': return 1;
    case 'issuer_id':
    case 'acceptor_id': return organizerId;
    default: return pk();
  }
}

export interface PayloadContext {
  family: PayloadFamily;
  notificationId: number;
  organizer: string;
  /** pretix's internal id of the organizer (gift card payloads name the issuer by it). */
  organizerId: number;
  event: string | null;
  /** The concrete action type of the log entry. */
  action: string;
}

/** Builds the payload; `generated` names the keys whose values the mock made up. */
export function buildPayload(ctx: PayloadContext, ids: NotificationIds): { payload: Record<string, unknown>; generated: string[] } {
  const fixed: Record<string, unknown> = {
    notification_id: ctx.notificationId, organizer: ctx.organizer, event: ctx.event, action: ctx.action,
  };
  const payload: Record<string, unknown> = {};
  const generated: string[] = [];
  for (const key of PAYLOAD_KEYS[ctx.family]) {
    if (key in fixed) payload[key] = fixed[key];
    else if (ids[key as IdName] !== undefined) payload[key] = ids[key as IdName];
    else {
      payload[key] = generate(key as IdName, ctx.organizerId);
      generated.push(key);
    }
  }
  return { payload, generated };
}
