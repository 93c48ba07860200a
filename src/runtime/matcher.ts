import { isDeepStrictEqual } from 'node:util';
import type { JournalMatcher } from '../control/types.js';

/** What a matcher looks at in a request (and, for the journal, its answer). */
export interface MatchSubject {
  method: string;
  path: string;
  operationId: string | null | undefined;
  sandbox: string;
  headers: Record<string, string | string[] | undefined>;
  status?: number | null;
  body?: unknown;
}

const escape = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

/** A path glob: `**` matches any characters, `*` any characters but `/`; anything else literally. */
export function pathGlob(pattern: string): (path: string) => boolean {
  if (!pattern.includes('*')) return (path) => path === pattern;
  const source = pattern.split('**').map((part) => part.split('*').map(escape).join('[^/]*')).join('.*');
  const regex = new RegExp(`^${source}$`);
  return (path) => regex.test(path);
}

/** Objects match when every expected key matches recursively; anything else must be equal. */
export function partialMatch(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object' || Array.isArray(expected)) return isDeepStrictEqual(actual, expected);
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
  const a = actual as Record<string, unknown>;
  return Object.entries(expected).every(([key, value]) => Object.hasOwn(a, key) && partialMatch(a[key], value));
}

/** Compiles a matcher once; the result tells whether a request matches every given field. */
export function compileMatcher(m: JournalMatcher): (s: MatchSubject) => boolean {
  const method = m.method?.toUpperCase();
  const path = m.path === undefined ? undefined : pathGlob(m.path);
  const headers = Object.entries(m.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value] as const);
  return (s) =>
    (method === undefined || s.method === method) &&
    (path === undefined || path(s.path)) &&
    (m.operationId === undefined || s.operationId === m.operationId) &&
    (m.sandbox === undefined || s.sandbox === m.sandbox) &&
    (m.status === undefined || s.status === m.status) &&
    (m.body === undefined || partialMatch(s.body, m.body)) &&
    headers.every(([name, value]) => {
      const actual = s.headers[name];
      if (actual === undefined) return false;
      return value === '*' || (Array.isArray(actual) ? actual.join(', ') : actual) === value;
    });
}
