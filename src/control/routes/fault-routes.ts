import express from 'express';
import { queryParam } from './params.js';
import type { ControlPlane } from '../control-plane.js';
import type { FaultRuleInput } from '../types.js';

/** `POST /faults`, `GET /faults`, `DELETE /faults`, `DELETE /faults/{id}`; `?sandbox=<id>` limits list and clear to one sandbox's rules. */
export function faultRoutes(plane: ControlPlane): express.Router {
  const router = express.Router({ caseSensitive: true, strict: true });
  router.post('/faults', function addFault(req, res) {
    res.status(201).json(plane.addFault(req.body as FaultRuleInput));
  });
  router.get('/faults', function listFaults(req, res) {
    res.json(plane.listFaults(queryParam(req, 'sandbox')));
  });
  router.delete('/faults/:id', function removeFault(req, res) {
    plane.removeFault(Number(req.params.id));
    res.status(204).json(undefined);
  });
  router.delete('/faults', function clearFaults(req, res) {
    plane.clearFaults(queryParam(req, 'sandbox'));
    res.status(204).json(undefined);
  });
  return router;
}
