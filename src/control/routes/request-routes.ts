import express from 'express';
import { journalFilter, queryParam } from './params.js';
import type { ControlPlane } from '../control-plane.js';
import type { JournalMatcher } from '../types.js';

/** `GET /requests`, `POST /requests/count`, `DELETE /requests`: the request journal. */
export function requestRoutes(plane: ControlPlane): express.Router {
  const router = express.Router({ caseSensitive: true, strict: true });
  router.get('/requests', function listRequests(req, res) {
    res.json(plane.requests(journalFilter(req)));
  });
  router.post('/requests/count', function countRequests(req, res) {
    res.json(plane.countRequests((req.body ?? {}) as JournalMatcher));
  });
  router.delete('/requests', function clearRequests(req, res) {
    plane.clearRequests(queryParam(req, 'sandbox'));
    res.status(204).json(undefined);
  });
  return router;
}
