import { randomInt } from 'node:crypto';
import type { PayloadFamily } from '../store/action-types.js';

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
  issuer_slug?: string;
  acceptor_id?: number | null;
  acceptor_slug?: string | null;
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
  giftcard: ['notification_id', 'issuer_id', 'issuer_slug', 'giftcard', 'action'],
  'giftcard.transaction': ['notification_id', 'issuer_id', 'issuer_slug', 'acceptor_id', 'acceptor_slug', 'giftcard', 'action'],
};

/** Families whose log entries carry no event: every matching webhook gets them. */
export const EVENTLESS_FAMILIES: ReadonlySet<PayloadFamily> = new Set(['customer', 'giftcard', 'giftcard.transaction']);

// pretix's code alphabet (no 0, 1, 2, 4, 5, 6, I, O): 5 characters for orders, 7 for customers.
const CODE_CHARSET = 'ABCDEFGHJKLMNPQRSTUVWXYZ3789';
const code = (length: number) => Array.from({ length }, () => CODE_CHARSET[randomInt(CODE_CHARSET.length)]).join('');
const pk = () => randomInt(1, 100_000);

// pretix logs a check-in revert without a type, and never passes `first` on as `first_checkin`.
const CHECKIN_REVERTED = 'pretix.event.checkin.reverted';

/**
 * Plausible values for what the request left out. `issuer_id`/`acceptor_id` default to the
 * organizer's id; `null` for the keys pretix itself sends as null.
 */
function generate(key: IdName, ctx: PayloadContext): unknown {
  switch (key) {
    case 'code': return code(5);
    case 'customer': return code(7);
    case 'type': return ctx.action === CHECKIN_REVERTED ? null : 'entry';
    case 'first_checkin': return null;
    case 'orderposition_positionid': return 1;
    case 'issuer_id':
    case 'acceptor_id': return ctx.organizerId;
    default: return pk();
  }
}

/** The slug of the organizer an id names: the dataset's organizer at that position, else the notified one. */
function slugFor(id: unknown, ctx: PayloadContext): string | null {
  if (id === null) return null;
  return (typeof id === 'number' ? ctx.organizerSlug(id) : undefined) ?? ctx.organizer;
}

export interface PayloadContext {
  family: PayloadFamily;
  notificationId: number;
  organizer: string;
  /** pretix's internal id of the organizer (gift card payloads name the issuer by it). */
  organizerId: number;
  /** The slug of the organizer with this internal id, if the dataset has one. */
  organizerSlug: (id: number) => string | undefined;
  event: string | null;
  /** The concrete action type of the log entry. */
  action: string;
}

/**
 * Builds the payload; `generated` names the keys whose values the mock made up. `issuer_slug`
 * and `acceptor_slug` follow their ids (not generated themselves) unless the request sets them.
 */
export function buildPayload(ctx: PayloadContext, ids: NotificationIds): { payload: Record<string, unknown>; generated: string[] } {
  const fixed: Record<string, unknown> = {
    notification_id: ctx.notificationId, organizer: ctx.organizer, event: ctx.event, action: ctx.action,
  };
  const payload: Record<string, unknown> = {};
  const generated: string[] = [];
  for (const key of PAYLOAD_KEYS[ctx.family]) {
    if (key in fixed) payload[key] = fixed[key];
    else if (ids[key as IdName] !== undefined) payload[key] = ids[key as IdName];
    else if (key === 'issuer_slug') payload[key] = slugFor(payload.issuer_id, ctx);
    else if (key === 'acceptor_slug') payload[key] = slugFor(payload.acceptor_id, ctx);
    else {
      payload[key] = generate(key as IdName, ctx);
      generated.push(key);
    }
  }
  return { payload, generated };
}
