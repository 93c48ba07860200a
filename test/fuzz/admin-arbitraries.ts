import fc from 'fast-check';
import { ACTION_TYPES } from './arbitraries.js';

/**
 * Control-plane steps. Those that replace state (reset, import, sandboxes) do only what the model
 * can follow; fault rules only ever match a header the fuzzer never sends, so no fault changes a
 * pretix answer; the rest is read-only or refused.
 */
export type AdminSpec =
  | { op: 'reset'; dataset: number | string }
  | { op: 'export'; dataset: number | string }
  | { op: 'import'; dataset: number; variant: 'same' | 'without-webhooks' | 'invalid' | 'other-credentials' }
  | { op: 'create-sandbox'; variant: 'default' | 'custom' | 'invalid' | 'extra' }
  | { op: 'list-sandboxes' }
  | { op: 'delete-sandbox'; dataset: number | string }
  | { op: 'requests'; query: string }
  | { op: 'count'; body: unknown }
  | { op: 'clear-requests'; dataset?: number }
  | { op: 'add-fault'; effect: unknown; times?: unknown }
  | { op: 'faults'; query: string }
  | { op: 'clear-faults'; query: string }
  | { op: 'read'; path: '/__admin/coverage' | '/__admin/health' | '/__admin/openapi.json' | '/__admin/deliveries' | '/__admin/deliveries?success=true&webhook=2' | '/__admin/deliveries?webhook=x' }
  | { op: 'notify'; dataset: number | string; body: Record<string, unknown> }
  | { op: 'retries'; action: 'expedite' | 'drop'; body: unknown }
  | { op: 'odd'; method: string; path: string; contentType: string; body: string };

const datasetPick = fc.oneof({ weight: 6, arbitrary: fc.nat(3) }, { weight: 1, arbitrary: fc.constantFrom('shared', 'sbx_nope', '%FF', '') });
const jsonish = fc.jsonValue({ maxDepth: 3 });

export const adminSpec: fc.Arbitrary<AdminSpec> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ op: fc.constant('reset' as const), dataset: datasetPick }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('export' as const), dataset: datasetPick }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('import' as const), dataset: fc.nat(3), variant: fc.constantFrom('same', 'without-webhooks', 'invalid', 'other-credentials') }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('create-sandbox' as const), variant: fc.constantFrom('default', 'default', 'custom', 'invalid', 'extra') }) },
  { weight: 1, arbitrary: fc.constant({ op: 'list-sandboxes' as const }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete-sandbox' as const), dataset: datasetPick }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('requests' as const), query: fc.constantFrom('', 'method=POST', 'status=201', 'status=abc', 'path=/api/**', 'sandbox=shared', 'operationId=createWebhook&status=400') }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('count' as const), body: fc.oneof(fc.constantFrom<unknown>({}, { method: 'POST' }, { body: { enabled: false } }, { headers: { 'x-idempotency-key': '*' } }, { status: 'x' }), jsonish) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('clear-requests' as const), dataset: fc.option(fc.nat(3), { nil: undefined }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('add-fault' as const),
      effect: fc.oneof(
        fc.constantFrom<unknown>({ type: 'respond', status: 503 }, { type: 'delay', ms: 1 }, { type: 'drop' }, { type: 'hang', ms: 5 }, { type: 'truncate' }, { type: 'malformed' }),
        fc.constantFrom<unknown>({ type: 'respond' }, { type: 'delay' }, { type: 'nope' }, { type: 'respond', status: 200, headers: { 'bad header': 'x' } }, { type: 'drop', ms: 1 }),
        jsonish,
      ),
      times: fc.option(fc.oneof(fc.nat(3), jsonish), { nil: undefined }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('faults' as const), query: fc.constantFrom('', 'sandbox=shared', 'sandbox=') }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('clear-faults' as const), query: fc.constantFrom('', 'sandbox=sbx_nope') }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('read' as const), path: fc.constantFrom('/__admin/coverage', '/__admin/health', '/__admin/openapi.json', '/__admin/deliveries', '/__admin/deliveries?success=true&webhook=2', '/__admin/deliveries?webhook=x') }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('notify' as const),
      dataset: datasetPick,
      body: fc.record(
        { organizer: fc.constantFrom('bigevents', 'acme', 'nope'), action_type: fc.constantFrom(...ACTION_TYPES, 'pretix.event.order.placed', 'pretix.customer.created', ''), event: fc.constantFrom('democon', 'acmecon', 'gone', null), code: fc.constantFrom('ABC12', null, 'x'.repeat(300)), extra: jsonish },
        { requiredKeys: [] },
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('retries' as const), action: fc.constantFrom('expedite', 'drop'), body: fc.oneof(fc.constantFrom<unknown>({}, { sandbox: 'shared' }, { sandbox: 'sbx_nope' }, { webhook: 2 }, { webhook: 'x' }), jsonish) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('odd' as const),
      method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'PROPFIND'),
      path: fc.constantFrom('/__admin/reset?sandbox=sbx_nope', '/__admin/state?sandbox=', '/__admin/sandboxes/%FF', '/__admin/sandboxes/sbx_nope', '/__admin/nope', '/__admin/faults', '/__admin/requests/count', '/__admin/notify', '/__admin/deliveries/retries/drop', '/__admin/', '/__admin', '/__admin/health/'),
      contentType: fc.constantFrom('application/json', 'text/plain', 'application/json; charset=latin1', 'application/json; charset=nope', ''),
      body: fc.constantFrom('', '{', '[]', '{"sandbox": 1}', 'null', '"x"', '{"__proto__": {"x": 1}}', '\u0000', '{"a":'.repeat(5000), `${'['.repeat(3000)}${']'.repeat(3000)}`,
        `{"match": {"headers": {"x-fuzz-never": "*"}}, "effect": {"type": "respond", "status": 200, "body": ${'['.repeat(1000)}${']'.repeat(1000)}}}`,
        `{"match": {"headers": {"x-fuzz-never": "*"}}, "effect": {"type": "respond", "status": 200, "body": ${'['.repeat(1030)}${']'.repeat(1030)}}}`),
    }),
  },
);
