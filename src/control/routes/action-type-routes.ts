import express from 'express';
import { queryParam } from './params.js';
import type { ControlPlane } from '../control-plane.js';

/** `GET /action-types`: a dataset's webhook action type registry (`?sandbox=<id>`, default shared). */
export function actionTypeRoutes(plane: ControlPlane): express.Router {
  const router = express.Router({ caseSensitive: true, strict: true });
  router.get('/action-types', function listActionTypes(req, res) {
    res.json(plane.actionTypes(queryParam(req, 'sandbox')));
  });
  return router;
}
