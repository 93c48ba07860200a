import type { PretixError } from '../pretix/drf/errors.js';

/**
 * The request body as the pipeline holds it: `raw` until the DRF parser ran (`bytes` undefined
 * when none was read), then `parsed` or `error`. DRF raises a parse or media-type error only when
 * a view reads the body, so the error waits here for the view (or the OAuth authentication).
 */
export type BodyState =
  | { readonly kind: 'raw'; readonly bytes: Buffer | undefined }
  | { readonly kind: 'parsed'; readonly bytes: Buffer | undefined; readonly value: unknown }
  | { readonly kind: 'error'; readonly bytes: Buffer | undefined; readonly error: PretixError };

/** The body for a view: the parsed value, or DRF's error thrown. */
export function readBody(body: BodyState): unknown {
  if (body.kind === 'error') throw body.error;
  return body.kind === 'parsed' ? body.value : undefined;
}
