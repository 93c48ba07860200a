import express, { type Request } from 'express';
import { queryParam } from './params.js';
import type { ControlPlane } from '../control-plane.js';
import type { RetrySelection } from '../types.js';
import type { DeliveryFilter } from '../../delivery/delivery-log.js';
import type { NotifyRequest } from '../../delivery/notification.js';

function listFilter(req: Request): DeliveryFilter {
  const number = (name: string) => (queryParam(req, name) === undefined ? undefined : Number(queryParam(req, name)));
  const success = queryParam(req, 'success');
  return {
    sandbox: queryParam(req, 'sandbox'),
    webhook: number('webhook'),
    action_type: queryParam(req, 'action'),
    success: success === undefined ? undefined : success === 'true',
    notification_id: number('notification_id'),
  };
}

const selection = (req: Request): RetrySelection => {
  const body = (req.body ?? {}) as RetrySelection;
  return { sandbox: body.sandbox, webhook: body.webhook };
};

/**
 * Webhook delivery on the control plane: `POST /notify` emits a log entry (`/notify/batch` several), `GET /deliveries`
 * shows the delivery log and pending retries, and the two `retries/` actions expedite or drop
 * them as pretix's control panel can. Bodies and queries are checked by the spec beforehand.
 */
export function deliveryRoutes(plane: ControlPlane): express.Router {
  const router = express.Router({ caseSensitive: true, strict: true });
  router.post('/notify', function notify(req, res) {
    const { sandbox, ...request } = req.body as NotifyRequest & { sandbox?: string };
    res.json(plane.notify(request, sandbox));
  });
  router.post('/notify/batch', function notifyBatch(req, res) {
    res.json(plane.notifyBatch(req.body as Array<NotifyRequest & { sandbox?: string }>));
  });
  router.get('/deliveries', async function listDeliveries(req, res) {
    await plane.delivery.refresh(); // with --redis: the attempts of every replica
    res.json(plane.deliveries(listFilter(req)));
  });
  router.post('/deliveries/retries/expedite', function expediteRetries(req, res) {
    res.json({ expedited: plane.expediteRetries(selection(req)) });
  });
  router.post('/deliveries/retries/drop', function dropRetries(req, res) {
    res.json({ dropped: plane.dropRetries(selection(req)) });
  });
  return router;
}
