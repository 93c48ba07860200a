import express from 'express';
import type { DeliveryHub } from '../delivery/delivery-hub.js';
import type { LoadedSpec } from '../spec/load-spec.js';
import type { Store } from '../store/store.js';
import { deliveryRoutes } from './delivery-routes.js';
import { healthCheck } from './health.js';

export interface AdminOptions {
  spec: LoadedSpec;
  store: Store;
  delivery: DeliveryHub;
}

/** pretix-mock's control plane under `/__admin/`. */
export function adminRouter(options: AdminOptions): express.Router {
  const router = express.Router({ caseSensitive: true, strict: true });
  router.get('/openapi.json', function getOpenApiDocument(_req, res) {
    res.json(options.spec.document);
  });
  router.get('/health', healthCheck());
  router.use(deliveryRoutes({ store: options.store, delivery: options.delivery }));
  return router;
}
