import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { PretixError } from '../pretix/drf/errors.js';
import { isResponseViolation } from '../validation/openapi-validation.js';

/** A request problem raised by a library: express-openapi-validator or body-parser. */
interface ClientError extends Error {
  type?: string;
  errors?: Array<{ path: string; message: string }>;
}

/**
 * `{"detail"}`; on the control plane a 400 also lists each problem as `{"path", "message"}`
 * (the validator's own list, or the body for a JSON syntax error).
 */
function clientErrorBody(err: ClientError, status: number, admin: boolean): Record<string, unknown> {
  if (!admin || status !== 400) return { detail: err.message };
  if (err.type === 'entity.parse.failed') return { detail: `JSON parse error - ${err.message}`, errors: [{ path: '/body', message: err.message }] };
  const errors = (err.errors ?? [{ path: '', message: err.message }]).map((e) => ({ path: e.path ?? '', message: e.message }));
  return { detail: 'The request does not match the OpenAPI document of the control plane.', errors };
}

/** A 500 sent as is: it reports a broken answer, so it must not be checked (and broken) again. */
function sendUnchecked(res: Response, body: object): void {
  const text = JSON.stringify(body);
  res.statusCode = 500;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/**
 * The one place errors become answers. PretixErrors are rendered in pretix's dialect (and still
 * checked against the spec on the way out). A response that broke the spec is a pretix-mock bug:
 * logged, and answered with 500 naming the violation. Anything else unexpected is logged and
 * answered with 500 without a stack trace.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return function renderError(err, req, res, _next) {
    if (res.headersSent) {
      logger.error({ err, method: req.method, url: req.originalUrl }, 'error after the answer was sent');
      res.destroy();
      return;
    }
    if (err instanceof PretixError) {
      for (const [name, value] of Object.entries(err.headers)) res.setHeader(name, value);
      res.status(err.status).json(err.body);
      return;
    }
    if (isResponseViolation(err)) {
      const violations = (err.errors ?? []).map((e) => ({ path: e.path, message: e.message }));
      logger.error({ method: req.method, url: req.originalUrl, status: res.statusCode, violations }, "pretix-mock's response broke its OpenAPI document");
      sendUnchecked(res, { detail: "pretix-mock's response broke its OpenAPI document", violations });
      return;
    }
    const status = (err as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json(clientErrorBody(err as ClientError, status, req.originalUrl.startsWith('/__admin/')));
      return;
    }
    logger.error({ err, method: req.method, url: req.originalUrl }, 'unexpected error');
    sendUnchecked(res, { detail: 'pretix-mock failed to answer this request; see its log.' });
  };
}
