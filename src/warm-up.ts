import type { OpenAPIV3 } from 'openapi-types';
import type { LoadedSpec } from './spec/load-spec.js';

/** Marks the server's own warm-up requests, so the journal and coverage leave them out. */
export const WARM_UP_HEADER = 'x-pretix-mock-warm-up';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'patch'] as const;
const SAMPLE_PARAMS: Record<string, string> = { organizer: 'bigevents', id: '1' };

/**
 * express-openapi-validator compiles each operation's validators on its first request. Sending
 * one request per operation before the server reports ready makes every first real request fast.
 * pretix operations get an unauthenticated request (answered 401, so nothing changes); control
 * plane operations their safe GETs, and those that take a body get a JSON array, which their
 * schema refuses with 400 (so nothing changes either). Control-plane operations without a body
 * that change state (reset, clears, deletes) are not warmed.
 */
export async function warmUp(baseUrl: string, spec: LoadedSpec, options: { adminToken?: string } = {}): Promise<void> {
  const admin: Record<string, string> = options.adminToken ? { authorization: `Bearer ${options.adminToken}` } : {};
  const requests: Array<Promise<unknown>> = [];
  for (const [path, item] of Object.entries(spec.dereferenced.paths)) {
    const concrete = path.replace(/\{(\w+)\}/g, (_, name: string) => SAMPLE_PARAMS[name] ?? 'x');
    for (const method of METHODS) {
      const operation = (item as OpenAPIV3.PathItemObject | undefined)?.[method];
      if (!operation) continue;
      const isApi = path.startsWith('/api/');
      if (!isApi && method !== 'get' && !operation.requestBody) continue;
      if (concrete.includes('/x/') || concrete.endsWith('/x')) continue;
      const hasBody = method === 'post' || method === 'put' || method === 'patch';
      requests.push(
        fetch(`${baseUrl}${concrete}`, {
          method: method.toUpperCase(),
          headers: {
            [WARM_UP_HEADER]: '1',
            ...(hasBody ? { 'content-type': 'application/json' } : {}),
            ...(isApi ? {} : admin),
          },
          body: hasBody ? (isApi ? '{}' : '[]') : undefined,
          signal: AbortSignal.timeout(10_000),
        }).then((r) => r.arrayBuffer()),
      );
    }
  }
  await Promise.allSettled(requests);
}
