import type { RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { requestState } from '../http/request-state.js';
import { WARM_UP_HEADER } from '../warm-up.js';

type Req = Parameters<RequestHandler>[0];
type Res = Parameters<RequestHandler>[1];

/** The path as the client sent it: routers mounted under a prefix shorten `req.path`. */
const pathOf = (req: Req) => (req.originalUrl ?? req.url).split('?', 1)[0];

/**
 * pino-http: one JSON line per answered request with method, path, status, duration (ms),
 * sandbox and operationId. Headers, query strings and bodies are never logged, so Authorization
 * values cannot leak. The server's own warm-up requests are not logged.
 */
export function requestLog(logger: Logger): RequestHandler {
  let nextId = 0;
  const fields = (req: Req, res: Res, duration: number) => {
    const state = requestState(req);
    return { method: req.method, path: pathOf(req), status: res.statusCode, duration, sandbox: state.sandbox?.id, operationId: state.operationId };
  };
  return pinoHttp({
    logger,
    genReqId: () => ++nextId,
    quietReqLogger: true,
    quietResLogger: true,
    autoLogging: { ignore: (req) => req.headers[WARM_UP_HEADER] !== undefined },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessObject: (req, res, val: { responseTime: number }) => fields(req as never, res as never, val.responseTime),
    customErrorObject: (req, res, err, val: { responseTime: number }) => ({ ...fields(req as never, res as never, val.responseTime), err }),
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request failed',
  }) as unknown as RequestHandler;
}
