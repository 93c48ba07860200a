import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';
import { redactHeaders } from '../../runtime/redact.js';
import type { FaultEffect } from '../../control/types.js';
import { contextOf } from '../context.js';
import type { PipelineRuntime } from '../pipeline-runtime.js';

/**
 * The journal's headers of a request, made when the entry is first read. Built here, not inline
 * in the phase: a closure keeps its whole enclosing scope alive, and the phase's holds the
 * request and the response (with socket and parser), about 40 KB per journal entry.
 */
function headersAsSent(sent: IncomingHttpHeaders): () => ReturnType<typeof redactHeaders> {
  const contentType = sent['content-type'];
  return () => redactHeaders(sent['content-type'] === contentType ? sent : { ...sent, 'content-type': contentType });
}

/** Fault effects after which the client still got the server's real answer. */
const REAL_ANSWER = new Set<string>(['delay']);

/**
 * Records each pretix API request (not the server's warm-up) in the journal once its connection
 * is done with it, and counts each real answer in the contract coverage. It comes before
 * idempotency and the handlers, so it sees replays and early errors too.
 */
export function record(runtime: PipelineRuntime): RequestHandler {
  return function recordRequest(req, res, next) {
    const ctx = contextOf(req);
    if (ctx.warmUp) return next();
    const { operation } = ctx;
    const coverage = runtime.coverageCounter;
    res.on('finish', () => {
      if (operation && (!ctx.fault || REAL_ANSWER.has(ctx.fault.type))) coverage.hit(operation, res.statusCode);
    });
    const journal = runtime.journal;
    if (!journal.enabled) return next();
    const timeMs = Date.now();
    // Later phases rewrite one header (the parser canonicalises Content-Type): the headers are
    // kept by reference with the original Content-Type, and redacted when the entry is read.
    const headers = headersAsSent(req.headers);
    let responseBody: Buffer | undefined;
    ctx.tap.afterSend((answer) => (responseBody = answer.body));
    res.on('close', () => {
      const q = req.originalUrl.indexOf('?');
      journal.add({
        timeMs,
        sandbox: ctx.sandbox.id,
        method: req.method,
        path: req.path, // after the canonical-path phase: the path the spec names
        query: q < 0 ? '' : req.originalUrl.slice(q + 1),
        headers,
        rawBody: ctx.body.bytes,
        status: res.headersSent ? res.statusCode : null,
        rawResponse: req.method === 'HEAD' ? undefined : responseBody,
        durationMs: Math.round(Number(process.hrtime.bigint() - ctx.startedAt) / 1000) / 1000,
        operationId: operation?.operationId ?? null,
        validationProblems: ctx.violations.map((v) => ({ path: v.path ?? '', message: v.message })),
        fault: ctx.fault ? { id: ctx.fault.id, type: ctx.fault.type as FaultEffect['type'] } : null,
      });
    });
    next();
  };
}
