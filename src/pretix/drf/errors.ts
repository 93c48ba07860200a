/**
 * pretix's error answers as one error class and a small named catalog. Everything the mock
 * refuses is thrown as a PretixError and rendered in exactly one place (http/error-handler.ts).
 */

export type ErrorBody = Record<string, unknown>;

/** An error answer: status, JSON body and extra headers, in pretix's dialect. */
export class PretixError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body.detail === 'string' ? body.detail : JSON.stringify(body));
    this.name = 'PretixError';
  }
}

/** Field errors in DRF's shape: `{"field": ["message", ...]}`, keys in the serializer's field order. */
export type FieldErrors = Record<string, string[]>;

const detail = (status: number, text: string, headers?: Record<string, string>) =>
  new PretixError(status, { detail: text }, headers);

const unauthorized = (text: string) => detail(401, text, { 'WWW-Authenticate': 'Token' });

/** The catalog. Each entry quotes the pretix or DRF message it reproduces. */
export const Errors = {
  notAuthenticated: () => unauthorized('Authentication credentials were not provided.'),
  invalidToken: () => unauthorized('Invalid token.'),
  tokenHeaderEmpty: () => unauthorized('Invalid token header. No credentials provided.'),
  tokenHeaderSpaces: () => unauthorized('Invalid token header. Token string should not contain spaces.'),
  tokenHeaderEncoding: () =>
    unauthorized('Invalid token header. Token string should not contain invalid characters.'),
  tokenInactive: () => unauthorized('Token inactive or deleted.'),
  deviceNotInitialized: () => unauthorized('Device has not been initialized.'),
  deviceRevoked: () => unauthorized('Device access has been revoked.'),
  deviceProfileDenied: () => detail(403, 'Request denied by device security profile.'),
  permissionDenied: () => detail(403, 'You do not have permission to perform this action.'),
  notFound: () => detail(404, 'Not found.'),
  webhookNotFound: () => detail(404, 'No WebHook matches the given query.'),
  invalidPage: () => detail(404, 'Invalid page.'),
  methodNotAllowed: (method: string) => detail(405, `Method "${method}" not allowed.`),
  notAcceptable: () => detail(406, 'Could not satisfy the request Accept header.'),
  idempotencyConflict: () =>
    detail(409, 'Concurrent request with idempotency key.', { 'Retry-After': '5' }),
  payloadTooLarge: (limit: number) => detail(413, `Request body exceeds the limit of ${limit} bytes.`),
  unsupportedMediaType: (type: string) => detail(415, `Unsupported media type "${type}" in request.`),
  jsonParseError: (reason: string) => detail(400, `JSON parse error - ${reason}`),
  parseError: (text: string) => detail(400, text),
  validation: (errors: FieldErrors) => new PretixError(400, errors),
  nonField: (message: string) => new PretixError(400, { non_field_errors: [message] }),

} as const;
