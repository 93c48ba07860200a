import type { IncomingMessage } from 'node:http';

/** What the log line of any request (pretix API or control plane) tells besides method and status. */
export interface RequestNote {
  /** process.hrtime.bigint() when the request arrived. */
  readonly startedAt: bigint;
  /** The sandbox the request's credentials belong to (pretix API requests). */
  sandbox?: string;
  /** The spec's operationId, once known. */
  operationId?: string;
}

const NOTE = Symbol('pretix-mock.request-note');

/** The request's note, created on first use. */
export function requestNote(req: IncomingMessage): RequestNote {
  const r = req as IncomingMessage & { [NOTE]?: RequestNote };
  return (r[NOTE] ??= { startedAt: process.hrtime.bigint() });
}
