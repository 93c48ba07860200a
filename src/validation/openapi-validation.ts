import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import type { LoadedSpec } from '../spec/load-spec.js';
import { SPEC_FORMATS } from '../spec/schema-check.js';
import { requestNote } from '../http/request-note.js';
import type { Problem } from '../spec/problem.js';

interface ValidatorError extends Error {
  status?: number;
  errors?: Problem[];
}

/** A request problem the validator found (as opposed to a failure of the validator itself). */
const isRequestProblem = (err: ValidatorError) => err.status !== undefined && err.status >= 400 && err.status < 500;

/** Gets the request problems the validator found in a pretix API request. */
export type ProblemSink = (req: Request, problems: Problem[]) => void;

/**
 * express-openapi-validator, checking every request and every JSON response against the spec:
 * `api` for the pretix API (a step of the pipeline), `admin` for the rest. Request problems of
 * the pretix API do not answer the request: pretix answers 401, 403, 405 and 404 before it looks
 * at the body, so they go to `keep` for the view to report in pretix's words and order. For
 * `/__admin/` they are passed on as errors at once. A response that breaks the spec becomes an
 * error for the error handler.
 */
export function openApiValidation(spec: LoadedSpec, onLateError: LateErrorHandler, keep: ProblemSink): { api: RequestHandler[]; admin: RequestHandler[] } {
  return validators(spec, onLateError, keep);
}

/**
 * Gets a response violation found after the request left the validator's place in the chain.
 * The validator reports it through the `next` it was given back then; from the error handler
 * (the last layer) that would reach Express's own HTML error page, stack included.
 */
export type LateErrorHandler = (err: unknown, req: Request, res: Response) => void;

/** The media type a control-plane request was sent with, where the validator is shown a stand-in. */
const sentTypes = new WeakMap<Request, string>();

/** What the validator is shown instead of a Content-Type other than JSON (see boundedContentTypes). */
const UNSUPPORTED = 'application/x-pretix-mock-unsupported';

/**
 * express-openapi-validator compiles and caches validators per method, route AND Content-Type
 * header, parameters included: 2,000 requests with `application/json; x=<n>` cost 560 MB and
 * 17 ms each. So the validator sees a bounded set: `application/json` for any JSON type, one
 * stand-in for every other type (its 415 names the client's media type again). `/api/` requests
 * already carry the canonical type (the DRF parser ran).
 */
const boundedContentTypes: RequestHandler = function boundedContentTypes(req, _res, next) {
  const header = req.headers['content-type'];
  if (header === undefined) return next();
  const media = header.split(';', 1)[0]!.trim().toLowerCase();
  if (media === '') {
    delete req.headers['content-type']; // as the validator reads an empty type: none given
    return next();
  }
  if (media !== 'application/json') sentTypes.set(req, media);
  req.headers['content-type'] = media === 'application/json' ? 'application/json' : UNSUPPORTED;
  next();
};

/** The document with only the paths `keep` accepts. */
function onlyPaths(doc: LoadedSpec['dereferenced'], keep: (path: string) => boolean): LoadedSpec['dereferenced'] {
  // Dereferenced, the paths carry every schema they use: components would only be copied and
  // compiled along with each operation, costing start-up time and memory.
  return { ...doc, components: {}, paths: Object.fromEntries(Object.entries(doc.paths).filter(([path]) => keep(path))) };
}

/**
 * Two validator instances over the same document: one for the pretix API, one for the control
 * plane. The validator finds a request's operation by trying its routes in order, static paths
 * (all of `/__admin/`) first; apart, a pretix request tries two routes instead of twenty, and the
 * control plane's validators can warm up after the server reports ready.
 */
function validators(spec: LoadedSpec, onLateError: LateErrorHandler, keep: ProblemSink): { api: RequestHandler[]; admin: RequestHandler[] } {
  const isApi = (path: string) => path.startsWith('/api/');
  const shared = compiled.get(spec.dereferenced) ?? {};
  compiled.set(spec.dereferenced, shared);
  shared.api ??= compile(onlyPaths(spec.dereferenced, isApi));
  const api = wrap(shared.api, onLateError, keep);
  // The validator starts processing its document when it is created; the control plane's is
  // created on its first request (the warm-up after ready), so start-up does not wait for it.
  let admin: RequestHandler[] | undefined;
  const adminSteps = api.map((_, i): RequestHandler => {
    return function openApiStep(req, res, next) {
      if (isApi(req.path)) return next();
      admin ??= wrap((shared.admin ??= compile(onlyPaths(spec.dereferenced, (path) => !isApi(path)))), onLateError, keep);
      admin[i]!(req, res, next);
    };
  });
  const bounded: RequestHandler = (req, res, next) => (isApi(req.path) ? next() : boundedContentTypes(req, res, next));
  return { api, admin: [bounded, ...adminSteps] };
}

/**
 * The validators of each document, shared by every app built on it: they keep no state of an
 * app (the path-parameter hook they add to the app has no routes of its own to act on), and
 * compiling them again costs about a second of CPU per server.
 */
const compiled = new WeakMap<LoadedSpec['dereferenced'], { api?: RequestHandler[]; admin?: RequestHandler[] }>();

function compile(apiSpec: LoadedSpec['dereferenced']): RequestHandler[] {
  return OpenApiValidator.middleware({
    apiSpec: apiSpec as never,
    validateApiSpec: false, // swagger-parser checked it at start
    validateRequests: { allErrors: true, allowUnknownQueryParameters: true },
    validateResponses: { allErrors: true },
    validateSecurity: false, // pretix's authentication runs in pretix's order (pretix/authentication.ts)
    ignoreUndocumented: true,
    fileUploader: false,
    formats: SPEC_FORMATS as never,
  }) as RequestHandler[];
}

function wrap(middlewares: RequestHandler[], onLateError: LateErrorHandler, keep: ProblemSink): RequestHandler[] {
  return middlewares.map((handler) => {
    return function openApiStep(req, res, next) {
      let passed = false;
      handler(req, res, (err?: unknown) => {
        if (passed) return onLateError(err, req, res);
        passed = true;
        const operation = (req as { openapi?: { schema?: { operationId?: string } } }).openapi;
        if (operation?.schema?.operationId) requestNote(req).operationId = operation.schema.operationId;
        const sent = sentTypes.get(req);
        if (err && (err as ValidatorError).status === 415 && sent !== undefined && !req.path.startsWith('/api/')) {
          (err as ValidatorError).message = `unsupported media type ${sent}`;
        }
        if (err && isRequestProblem(err as ValidatorError) && req.path.startsWith('/api/')) {
          const e = err as ValidatorError;
          keep(req, e.errors ?? [{ path: '', message: e.message }]);
          return next();
        }
        next(err);
      });
    };
  });
}

/** The validator's InternalServerError for a response that breaks the spec. */
export function isResponseViolation(err: unknown): err is ValidatorError {
  return err instanceof OpenApiValidator.error.InternalServerError;
}

export type { ErrorRequestHandler };
