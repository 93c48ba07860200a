import express from 'express';
import type { ControlPlane } from './control-plane.js';
import { actionTypeRoutes } from './routes/action-type-routes.js';
import { coverageRoutes } from './routes/coverage-routes.js';
import { dashboardRoutes } from './routes/dashboard-routes.js';
import { deliveryRoutes } from './routes/delivery-routes.js';
import { faultRoutes } from './routes/fault-routes.js';
import { requestRoutes } from './routes/request-routes.js';
import { sandboxRoutes } from './routes/sandbox-routes.js';
import { stateRoutes } from './routes/state-routes.js';
import type { LoadedSpec } from '../spec/load-spec.js';
import { documentParts, type DocumentParts } from '../spec/document-parts.js';
import { healthCheck } from './health.js';

export interface AdminOptions {
  spec: LoadedSpec;
  controlPlane: ControlPlane;
}

/**
 * pretix-mock's control plane under `/__admin/`: one small router per concern, each a thin
 * wrapper over the ControlPlane. Guarding (admin-guard.ts) and request validation happen before.
 */
export function adminRouter(options: AdminOptions): express.Router {
  const { spec, controlPlane } = options;
  if (!spec || !controlPlane) throw new Error('adminRouter: spec and controlPlane are required');
  const router = express.Router({ caseSensitive: true, strict: true });
  router.get('/openapi.json', function getOpenApiDocument(_req, res) {
    res.json(spec.document);
  });
  let parts: DocumentParts | undefined; // split on first use: most runs never ask
  router.get('/openapi/pretix.json', function getPretixOpenApiDocument(_req, res) {
    res.json((parts ??= documentParts(spec.document)).pretix);
  });
  router.get('/openapi/mock-admin.json', function getControlPlaneOpenApiDocument(_req, res) {
    res.json((parts ??= documentParts(spec.document)).controlPlane);
  });
  router.use(stateRoutes(controlPlane));
  router.use(sandboxRoutes(controlPlane));
  router.use(requestRoutes(controlPlane));
  router.use(faultRoutes(controlPlane));
  router.use(coverageRoutes(controlPlane));
  router.use(deliveryRoutes(controlPlane));
  router.get('/health', healthCheck());
  router.use(actionTypeRoutes(controlPlane));
  router.use(dashboardRoutes());
  return router;
}
