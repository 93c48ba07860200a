import { pathGlob } from '../runtime/matcher.js';
import type { Problem, RequestMatcher } from './types.js';
import type { DocumentedOperation } from '../spec/operation-index.js';

/** Whether one path segment of a rule can meet one segment of a spec path template. */
function segmentMeets(rule: string, template: string): boolean {
  if (/^\{[^}]+\}$/.test(template)) return rule !== '';
  return rule.includes('*') ? pathGlob(rule)(template) : rule === template;
}

/**
 * Whether a rule's path (exact, or with `*` globs) can match a request to the template. A `**`
 * glob is not analysed (it may span segments) and counts as reachable. An exact path without
 * the trailing slash counts too: such requests reach the mock before Django's APPEND_SLASH.
 */
function pathMeets(rule: string, template: string): boolean {
  if (rule.includes('**')) return true;
  const t = template.split('/');
  const fits = (path: string) => {
    const r = path.split('/');
    return r.length === t.length && r.every((segment, i) => segmentMeets(segment, t[i]!));
  };
  return fits(rule) || (!rule.includes('*') && !rule.endsWith('/') && fits(`${rule}/`));
}

/** The methods a request to an operation's path may use: its own, HEAD beside GET, and OPTIONS. */
function methodsOf(ops: readonly DocumentedOperation[]): string[] {
  const methods = new Set(ops.map((o) => o.method));
  if (methods.has('GET')) methods.add('HEAD');
  methods.add('OPTIONS');
  return [...methods];
}

const list = (items: Iterable<string>) => [...new Set(items)].join(', ');

/**
 * Why a fault rule's `match` can never match a pretix API request: an operationId the spec does
 * not have, a path no route has (or not the operation's), a method the path lacks. Empty when
 * it can match.
 */
export function unreachableMatch(match: RequestMatcher | undefined, documented: readonly DocumentedOperation[]): Problem[] {
  if (!match) return [];
  // Faults never apply to the control plane, so only the pretix API counts.
  const operations = documented.filter((o) => !o.path.startsWith('/__admin'));
  let candidates = operations;
  if (match.operationId !== undefined) {
    candidates = operations.filter((o) => o.operationId === match.operationId);
    if (candidates.length === 0) {
      return [{ path: '/body/match/operationId', message: `is not an operation of the pretix API; known: ${list(operations.map((o) => o.operationId))}` }];
    }
  }
  if (match.path !== undefined) {
    const path = match.path;
    const onPath = candidates.filter((o) => pathMeets(path, o.path));
    if (onPath.length === 0) {
      const message = match.operationId !== undefined && operations.some((o) => pathMeets(path, o.path))
        ? `is not the path of ${match.operationId} (${candidates[0]!.path})`
        : `matches no route of the pretix API; routes: ${list(operations.map((o) => o.path))}`;
      return [{ path: '/body/match/path', message }];
    }
    candidates = onPath;
  }
  if (match.method !== undefined) {
    const method = match.method.toUpperCase();
    const paths = new Set(candidates.map((o) => o.path));
    let allowed: string[];
    let what: string;
    if (match.operationId !== undefined) {
      allowed = candidates.map((o) => o.method);
      if (allowed.includes('GET')) allowed.push('HEAD');
      what = `the method of ${match.operationId}`;
    } else {
      allowed = methodsOf(operations.filter((o) => paths.has(o.path)));
      what = match.path !== undefined ? `a method of ${list(paths)}` : 'a method of the pretix API';
    }
    if (!allowed.includes(method)) return [{ path: '/body/match/method', message: `${method} is not ${what}; allowed: ${list(allowed)}` }];
  }
  return [];
}
