import express, { type Request } from 'express';
import type { DeliveryFilter } from '../delivery/delivery-log.js';
import type { DeliveryHub } from '../delivery/delivery-hub.js';
import type { NotifyRequest } from '../delivery/notification.js';
import { Errors } from '../pretix/errors.js';
import type { Sandbox } from '../store/sandbox.js';
import type { Store } from '../store/store.js';

export interface DeliveryRoutesOptions {
  store: Store;
  delivery: DeliveryHub;
}

interface RetrySelection {
  sandbox?: string;
  webhook?: number;
}

/** The last value of a query parameter as text (the spec has already checked, and may have coerced, it). */
function query(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  const last: unknown = Array.isArray(value) ? value[value.length - 1] : value;
  return last === undefined || last === null ? undefined : String(last);
}

function listFilter(req: Request): DeliveryFilter {
  const number = (name: string) => (query(req, name) === undefined ? undefined : Number(query(req, name)));
  const success = query(req, 'success');
  return {
    sandbox: query(req, 'sandbox'),
    webhook: number('webhook'),
    action_type: query(req, 'action'),
    success: success === undefined ? undefined : success === 'true',
    notification_id: number('notification_id'),
  };
}

/**
 * Webhook delivery on the control plane: `POST /notify` emits a log entry, `GET /deliveries`
 * shows the delivery log and pending retries, and the two `retries/` actions expedite or drop
 * them as pretix's control panel can. Bodies and queries are checked by the spec beforehand.
 */
export function deliveryRoutes(options: DeliveryRoutesOptions): express.Router {
  if (!options.store || !options.delivery) throw new Error('deliveryRoutes: store and delivery are required');
  const { store, delivery } = options;
  const router = express.Router({ caseSensitive: true, strict: true });

  /** The one place an unknown sandbox id becomes a 404. */
  const sandboxNamed = (id: string | undefined): Sandbox => {
    const sandbox = id === undefined ? store.shared : store.sandbox(id);
    if (!sandbox) throw Errors.sandboxNotFound(id!);
    return sandbox;
  };
  const selection = (req: Request): RetrySelection => {
    const body = (req.body ?? {}) as RetrySelection;
    if (body.sandbox !== undefined) sandboxNamed(body.sandbox);
    return { sandbox: body.sandbox, webhook: body.webhook };
  };

  router.post('/notify', function notify(req, res) {
    const { sandbox, ...request } = req.body as NotifyRequest & { sandbox?: string };
    res.json(delivery.for(sandboxNamed(sandbox)).notify(request));
  });

  router.get('/deliveries', function listDeliveries(req, res) {
    const filter = listFilter(req);
    const results = delivery.list(filter);
    res.json({ count: results.length, results, pending: delivery.pending(filter), stats: delivery.stats(filter) });
  });

  router.post('/deliveries/retries/expedite', function expediteRetries(req, res) {
    res.json({ expedited: delivery.expedite(selection(req)) });
  });

  router.post('/deliveries/retries/drop', function dropRetries(req, res) {
    res.json({ dropped: delivery.drop(selection(req)) });
  });

  return router;
}
