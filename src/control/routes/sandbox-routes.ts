import express from 'express';
import type { ControlPlane } from '../control-plane.js';

/** `POST /sandboxes`, `GET /sandboxes`, `DELETE /sandboxes/{id}`. */
export function sandboxRoutes(plane: ControlPlane): express.Router {
  const router = express.Router({ caseSensitive: true, strict: true });
  router.post('/sandboxes', async function createSandbox(req, res) {
    const body = req.body as { fixtures?: unknown } | undefined;
    res.status(201).json(await plane.createSandbox(body?.fixtures));
  });
  router.get('/sandboxes', function listSandboxes(_req, res) {
    res.json(plane.sandboxes());
  });
  router.delete('/sandboxes/:id', async function deleteSandbox(req, res) {
    await plane.deleteSandbox(req.params.id!);
    res.status(204).json(undefined);
  });
  return router;
}
