import type { RequestHandler } from 'express';
import { requestNote } from '../../http/request-note.js';
import { WARM_UP_HEADER } from '../../http/warm-up-header.js';
import { credentialOf } from '../../pretix/drf/authentication.js';
import { applyResponseMiddleware, setDjangoHeaders } from '../../pretix/drf/middleware-headers.js';
import { resolveResource } from '../../pretix/resources/registry.js';
import { attachContext } from '../context.js';
import type { PipelineRuntime } from '../pipeline-runtime.js';
import { ResponseTap } from '../response-tap.js';

/**
 * The first phase: everything later phases need to know about the request, computed once: the
 * sandbox its credentials reach, the resource its path resolves to, the spec's operation. It also
 * sets the headers Django's middleware puts on every answer and installs the response tap, with
 * pretix's response middleware run before the head is written.
 * Paths outside `/api/` leave the pipeline here.
 */
export function resolve(runtime: PipelineRuntime): RequestHandler {
  return function resolveApiRequest(req, res, next) {
    if (!req.path.startsWith('/api/')) return next('router');
    const note = requestNote(req);
    const sandbox = runtime.store.sandboxFor(credentialOf(req.headers.authorization)?.token);
    const operation = runtime.operations.find(req.method, req.path) ?? null;
    note.sandbox = sandbox.id;
    note.operationId = operation?.operationId;
    setDjangoHeaders(res);
    const tap = new ResponseTap(res);
    tap.beforeHead(() => applyResponseMiddleware(res));
    attachContext(req, {
      startedAt: note.startedAt,
      warmUp: req.headers[WARM_UP_HEADER] !== undefined,
      sandbox,
      route: resolveResource(req.path),
      operation,
      path: req.path,
      tap,
      body: { kind: 'raw', bytes: undefined },
      violations: [],
      fault: null,
    });
    next();
  };
}
