import express from 'express';
import { queryParam } from './params.js';
import type { ControlPlane } from '../control-plane.js';
import type { ResetPart } from '../reset-parts.js';

/** `?only=dataset,journal` (the spec has checked the names) as a list. */
function onlyParts(value: unknown): ResetPart[] | undefined {
  if (value === undefined) return undefined;
  const list = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(','));
  return list.filter(Boolean) as ResetPart[];
}

/** `POST /reset[?only=...]`, `GET /state`, `PUT /state`; `?sandbox=<id>` picks a sandbox (default: shared). */
export function stateRoutes(plane: ControlPlane): express.Router {
  const router = express.Router({ caseSensitive: true, strict: true });
  router.post('/reset', async function resetState(req, res) {
    res.json(await plane.reset(queryParam(req, 'sandbox'), onlyParts((req.query as Record<string, unknown>).only)));
  });
  router.get('/state', function exportState(req, res) {
    res.json(plane.state(queryParam(req, 'sandbox')));
  });
  router.put('/state', async function importState(req, res) {
    res.json(await plane.setState(req.body, queryParam(req, 'sandbox')));
  });
  return router;
}
