import type { Request } from 'express';
import type { JournalMatcher } from '../types.js';

/**
 * A query parameter's last value as text, or undefined. The spec has already checked its type
 * (and the validator may have turned it into a number or a boolean).
 */
export function queryParam(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  const last: unknown = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof last === 'string' || typeof last === 'number' || typeof last === 'boolean' ? String(last) : undefined;
}

/** The journal filter given in the query: method, path, operationId, status, sandbox. */
export function journalFilter(req: Request): JournalMatcher {
  const filter: JournalMatcher = {};
  for (const name of ['method', 'path', 'operationId', 'sandbox'] as const) {
    const value = queryParam(req, name);
    if (value !== undefined) filter[name] = value as never; // the journal simply finds nothing for an unknown operationId
  }
  const status = queryParam(req, 'status');
  if (status !== undefined) filter.status = Number(status);
  return filter;
}
