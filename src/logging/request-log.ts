import type { RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { requestState } from '../http/request-state.js';

/**
 * pino-http: one JSON line per answered request with method, path, status, duration (ms),
 * sandbox and operationId. Headers are never logged, so Authorization values cannot leak.
 */
export function requestLog(logger: Logger): RequestHandler {
  let nextId = 0;
  const fields = (req: Parameters<RequestHandler>[0], res: Parameters<RequestHandler>[1], duration: number) => {
    const state = requestState(req);
    return { method: req.method, path: req.path, status: res.statusCode, duration, sandbox: state.sandbox?.id, operationId: state.operationId };
  };
  return pinoHttp({
    logger,
    genReqId: () => ++nextId,
    quietReqLogger: true,
    quietResLogger: true,
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessObject: (req, res, val: { responseTime: number }) => fields(req as never, res as never, val.responseTime),
    customErrorObject: (req, res, err, val: { responseTime: number }) => ({ ...fields(req as never, res as never, val.responseTime), err }),
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request failed',
  }) as unknown as RequestHandler;
}
