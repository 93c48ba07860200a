import express from 'express';
import type { LoadedSpec } from '../spec/load-spec.js';
import { healthCheck } from './health.js';

export interface AdminOptions {
  spec: LoadedSpec;
}

/** pretix-mock's control plane under `/__admin/`. */
export function adminRouter(options: AdminOptions): express.Router {
  const router = express.Router({ caseSensitive: true, strict: true });
  router.get('/openapi.json', function getOpenApiDocument(_req, res) {
    res.json(options.spec.document);
  });
  router.get('/health', healthCheck());
  return router;
}
