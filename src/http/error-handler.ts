import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { PretixError } from '../pretix/errors.js';
import { isResponseViolation } from '../validation/openapi-validation.js';

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
      res.status(500).json({ detail: "pretix-mock's response broke its OpenAPI document", violations });
      return;
    }
    const status = (err as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // express-openapi-validator's request errors (control plane) list each problem.
      const problems = (err as { errors?: Array<{ path: string; message: string }> }).errors;
      const errors = Array.isArray(problems) ? problems.map(({ path, message }) => ({ path, message })) : undefined;
      res.status(status).json(errors ? { detail: (err as Error).message, errors } : { detail: (err as Error).message });
      return;
    }
    logger.error({ err, method: req.method, url: req.originalUrl }, 'unexpected error');
    res.status(500).json({ detail: 'pretix-mock failed to answer this request; see its log.' });
  };
}
