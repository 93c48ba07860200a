import express from 'express';
import type { ControlPlane } from '../control-plane.js';

/** `GET /coverage`: the documented responses of the pretix API and how often clients got them. */
export function coverageRoutes(plane: ControlPlane): express.Router {
  const router = express.Router({ caseSensitive: true, strict: true });
  router.get('/coverage', function getCoverage(_req, res) {
    res.json(plane.coverage());
  });
  return router;
}
