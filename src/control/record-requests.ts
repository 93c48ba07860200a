import type { RequestHandler } from 'express';
import type { CoverageCounter } from './coverage.js';
import type { Journal } from './journal.js';
import { redactHeaders } from './redact.js';
import type { FaultEffect } from './types.js';
import { captureResponse } from '../http/capture-response.js';
import { requestState } from '../http/request-state.js';
import type { OperationIndex } from '../spec/operation-index.js';

/** Fault effects after which the client still got the server's real answer. */
const REAL_ANSWER = new Set<string>(['delay']);

/**
 * Records each pretix API request (not the server's warm-up) in the journal once its connection
 * is done with it, and counts each real answer in the contract coverage. Install it before
 * idempotency and the handlers, so it sees replays and early errors too.
 */
export function recordRequests(options: { journal: Journal; coverage: CoverageCounter; operations: OperationIndex }): RequestHandler {
  const { journal, coverage, operations } = options;
  if (!journal || !coverage || !operations) throw new Error('recordRequests: journal, coverage and operations are required');
  return function record(req, res, next) {
    const state = requestState(req);
    if (state.warmUp) return next();
    const operation = operations.find(req.method, req.path);
    res.on('finish', () => {
      if (operation && (!state.fault || REAL_ANSWER.has(state.fault.type))) coverage.hit(operation, res.statusCode);
    });
    if (!journal.enabled) return next();
    const timeMs = Date.now();
    // Snapshot now: later steps rewrite some headers (the parser canonicalises Content-Type).
    const headers = redactHeaders(req.headers);
    let responseBody: Buffer | undefined;
    captureResponse(res, (body) => (responseBody = body));
    res.on('close', () => {
      const q = req.originalUrl.indexOf('?');
      journal.add({
        timeMs,
        sandbox: state.sandbox?.id ?? 'shared',
        method: req.method,
        path: req.path,
        query: q < 0 ? '' : req.originalUrl.slice(q + 1),
        headers,
        rawBody: state.rawBody,
        status: res.headersSent ? res.statusCode : null,
        rawResponse: req.method === 'HEAD' ? undefined : responseBody,
        durationMs: Math.round(Number(process.hrtime.bigint() - state.startedAt) / 1000) / 1000,
        operationId: operation?.operationId ?? null,
        validationProblems: (state.violations ?? []).map((v) => ({ path: v.path ?? '', message: v.message })),
        fault: state.fault ? { id: state.fault.id, type: state.fault.type as FaultEffect['type'] } : null,
      });
    });
    next();
  };
}
