/**
 * pretix's webhook action type registry (`register_default_webhook_events` in
 * src/pretix/api/webhooks.py), plus plugin types registered through the fixtures.
 */

/** The payload a type's notification carries (pretix's WebhookEvent subclasses). */
export type PayloadFamily =
  | 'order'
  | 'order.deleted'
  | 'checkin'
  | 'event'
  | 'subevent'
  | 'item'
  | 'voucher'
  | 'waitinglist'
  | 'customer'
  | 'giftcard'
  | 'giftcard.transaction';

export const PAYLOAD_FAMILIES: readonly PayloadFamily[] = [
  'order', 'order.deleted', 'checkin', 'event', 'subevent', 'item', 'voucher', 'waitinglist',
  'customer', 'giftcard', 'giftcard.transaction',
];

const order = (suffixes: string[]) => suffixes.map((s) => [`pretix.event.order.${s}`, 'order'] as const);

/** The 46 core types in pretix's registration order. */
export const CORE_ACTION_TYPES: ReadonlyArray<readonly [string, PayloadFamily]> = [
  ...order([
    'placed', 'placed.require_approval', 'paid', 'canceled', 'reactivated', 'expired',
    'expirychanged', 'modified', 'contact.changed', 'changed.*', 'refund.created',
    'refund.created.externally', 'refund.requested', 'refund.done', 'refund.canceled',
    'refund.failed', 'payment.confirmed', 'approved', 'denied',
  ]),
  ['pretix.event.order.deleted', 'order.deleted'],
  ['pretix.event.checkin', 'checkin'],
  ['pretix.event.checkin.reverted', 'checkin'],
  ['pretix.event.added', 'event'],
  ['pretix.event.changed', 'event'],
  ['pretix.event.deleted', 'event'],
  ['pretix.subevent.added', 'subevent'],
  ['pretix.subevent.changed', 'subevent'],
  ['pretix.subevent.deleted', 'subevent'],
  ['pretix.event.item.*', 'item'],
  ['pretix.event.live.activated', 'event'],
  ['pretix.event.live.deactivated', 'event'],
  ['pretix.event.testmode.activated', 'event'],
  ['pretix.event.testmode.deactivated', 'event'],
  ['pretix.event.orders.waitinglist.added', 'waitinglist'],
  ['pretix.event.orders.waitinglist.changed', 'waitinglist'],
  ['pretix.event.orders.waitinglist.deleted', 'waitinglist'],
  ['pretix.event.orders.waitinglist.voucher_assigned', 'waitinglist'],
  ['pretix.voucher.added', 'voucher'],
  ['pretix.voucher.changed', 'voucher'],
  ['pretix.voucher.deleted', 'voucher'],
  ['pretix.customer.created', 'customer'],
  ['pretix.customer.changed', 'customer'],
  ['pretix.customer.anonymized', 'customer'],
  ['pretix.giftcards.created', 'giftcard'],
  ['pretix.giftcards.modified', 'giftcard'],
  ['pretix.giftcards.transaction.*', 'giftcard.transaction'],
];

export interface PluginActionType {
  action_type: string;
  payload?: PayloadFamily;
}

/** The set of action types a dataset accepts: core types plus its plugin types. */
/** One entry of `GET /__admin/action-types`. */
export interface ActionTypeEntry {
  action_type: string;
  payload: PayloadFamily;
  plugin: boolean;
}

/** The body of `GET /__admin/action-types`. */
export interface ActionTypeList {
  count: number;
  results: ActionTypeEntry[];
}

export class ActionTypeRegistry {
  readonly #families: Map<string, PayloadFamily>;

  constructor(plugins: readonly PluginActionType[] = []) {
    this.#families = new Map(CORE_ACTION_TYPES);
    for (const p of plugins) this.#families.set(p.action_type, p.payload ?? 'event');
  }

  /** Every registered type: the core ones in pretix's order, then the plugin types. */
  types(): string[] {
    return [...this.#families.keys()];
  }

  /** Every registered type in registration order (core first), with its payload family. */
  entries(): ActionTypeEntry[] {
    const core = new Set(CORE_ACTION_TYPES.map(([type]) => type));
    return [...this.#families].map(([action_type, payload]) => ({ action_type, payload, plugin: !core.has(action_type) }));
  }

  has(type: string): boolean {
    return this.#families.has(type);
  }

  family(registered: string): PayloadFamily | undefined {
    return this.#families.get(registered);
  }

  /**
   * pretix's `LogEntry.webhook_type`: the exact type, else `<prefix>.*` with the last segment
   * stripped, repeated while a dot remains. `pretix.event.order.changed.item` resolves to
   * `pretix.event.order.changed.*`; the bare prefix `pretix.event.order.changed` resolves to nothing,
   * and, as in pretix, a type without a dot or a first-segment wildcard (`pretix.*`) never matches.
   */
  resolve(concrete: string): string | undefined {
    let typepath = concrete;
    while (typepath.includes('.')) {
      const key = typepath === concrete ? typepath : `${typepath}.*`;
      if (this.#families.has(key)) return key;
      typepath = typepath.slice(0, typepath.lastIndexOf('.'));
    }
    return undefined;
  }
}
