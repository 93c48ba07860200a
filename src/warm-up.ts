import { request } from 'node:http';
import { WARM_UP_HEADER } from './http/warm-up-header.js';
import type { OpenAPIV3 } from 'openapi-types';
import type { LoadedSpec } from './spec/load-spec.js';


export { WARM_UP_HEADER };

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'patch'] as const;
const SAMPLE_PARAMS: Record<string, string> = { organizer: 'bigevents', id: '1' };

/** One request per operation of the document, pretix API first. */
function warmUpRequests(spec: LoadedSpec): Array<{ api: boolean; path: string; method: string; body?: string }> {
  const out: Array<{ api: boolean; path: string; method: string; body?: string }> = [];
  for (const [path, item] of Object.entries(spec.dereferenced.paths)) {
    const concrete = path.replace(/\{(\w+)\}/g, (_, name: string) => SAMPLE_PARAMS[name] ?? 'x');
    for (const method of METHODS) {
      const operation = (item as OpenAPIV3.PathItemObject | undefined)?.[method];
      if (!operation) continue;
      const api = path.startsWith('/api/');
      if (!api && method !== 'get' && !operation.requestBody) continue;
      if (concrete.includes('/x/') || concrete.endsWith('/x')) continue;
      const hasBody = method === 'post' || method === 'put' || method === 'patch';
      out.push({ api, path: concrete, method: method.toUpperCase(), body: hasBody ? (api ? '{}' : '[]') : undefined });
    }
  }
  return out.sort((a, b) => Number(b.api) - Number(a.api));
}

/** A warm-up running in the background: `stop()` skips what has not been sent, `done` settles when it ends. */
export interface WarmUp {
  readonly done: Promise<void>;
  stop(): void;
}

/**
 * express-openapi-validator compiles each operation's validators on its first request. Sending
 * one request per operation makes later first requests fast. pretix operations get an
 * unauthenticated request (answered 401, so nothing changes); control plane operations their safe
 * GETs, and those that take a body get a JSON array, which their schema refuses with 400 (so
 * nothing changes either). Control-plane operations without a body that change state (reset,
 * clears, deletes) are not warmed.
 *
 * Runs after the server reports ready, one request at a time, pretix API first: compiling all of
 * them before ready took most of the start-up (issue 17), while a client's first request only
 * needs its own operation's validators, which it compiles itself if it comes before the warm-up
 * reached it. Between two warm-up requests the server serves whatever arrived.
 */
export function warmUp(baseUrl: string, spec: LoadedSpec, options: { adminToken?: string } = {}): WarmUp {
  const admin: Record<string, string> = options.adminToken ? { authorization: `Bearer ${options.adminToken}` } : {};
  let stopped = false;
  const done = (async () => {
    for (const r of warmUpRequests(spec)) {
      if (stopped) return;
      const headers = { [WARM_UP_HEADER]: '1', ...(r.body ? { 'content-type': 'application/json' } : {}), ...(r.api ? {} : admin) };
      await warmRequest(`${baseUrl}${r.path}`, r.method, headers, r.body).catch(() => undefined);
    }
  })();
  return { done, stop: () => void (stopped = true) };
}

/**
 * One request with node:http, its answer read and dropped; rejects on a network error or after
 * 10 s. Not fetch: loading undici, the first time fetch is used, cost about 60-80 ms of start-up.
 */
function warmRequest(url: string, method: string, headers: Record<string, string>, body: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', resolve);
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('warm-up request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}
