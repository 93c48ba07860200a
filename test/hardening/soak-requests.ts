import type autocannon from 'autocannon';

type Request = autocannon.Request;
const BIG = '/api/v1/organizers/bigevents/webhooks/';
const ADMIN = 'sandbox-bigevents-admin';
const CREATE = { target_url: 'https://example.com/soak', limit_events: [], action_types: ['pretix.event.order.placed'] };

let counter = 0;

/**
 * The soak's request mix, one autocannon request each: reads, writes, idempotent writes with
 * fresh keys (to fill the key store to its bound), and the usual refusals. Each must get its
 * status; anything else is counted as an error.
 */
export function soakRequests(options: { sandboxes: Array<Record<string, string>>; receiverUrl: string; error: (text: string) => void }): Request[] {
  const tokens = [`Token ${ADMIN}`, ...options.sandboxes.map((t) => t[ADMIN]!)];
  const sandboxToken = () => tokens[1 + Math.floor(Math.random() * (tokens.length - 1))]!;
  const anyToken = () => tokens[Math.floor(Math.random() * tokens.length)]!;
  const entry = (status: number, build: () => { method?: string; path: string; auth?: string; body?: unknown; headers?: Record<string, string> }): Request => ({
    setupRequest: (req) => {
      const r = build();
      const body = r.body === undefined ? undefined : typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
      return {
        ...req, method: (r.method ?? 'GET') as Request['method'], path: r.path, body,
        headers: { ...(r.auth ? { authorization: r.auth } : {}), ...(body ? { 'content-type': 'application/json' } : {}), ...r.headers },
      };
    },
    onResponse: (got, body) => {
      if (got !== status) options.error(`expected ${status}, got ${got}: ${body.slice(0, 200)}`);
    },
  });
  const keyed = () => ({ 'x-idempotency-key': `soak-${process.pid}-${counter++}` });
  return [
    entry(200, () => ({ path: BIG, auth: anyToken() })),
    // Creates only in sandboxes, which the churn loop resets, so that no dataset grows for good.
    entry(201, () => ({ method: 'POST', path: BIG, auth: sandboxToken(), body: CREATE, headers: keyed() })),
    entry(200, () => ({ method: 'PATCH', path: `${BIG}2/`, auth: anyToken(), body: { comment: `soak ${counter}`, target_url: `${options.receiverUrl}/hook` }, headers: keyed() })),
    entry(200, () => ({ path: `${BIG}2/`, auth: anyToken() })),
    entry(200, () => ({ method: 'PATCH', path: `${BIG}2/`, auth: `Token ${ADMIN}`, body: { enabled: true }, headers: keyed() })),
    entry(204, () => ({ method: 'DELETE', path: `${BIG}2/`, auth: anyToken(), headers: keyed() })),
    entry(401, () => ({ path: BIG, auth: 'Token not-a-token' })),
    entry(404, () => ({ path: `${BIG}999999/`, auth: anyToken() })),
    entry(400, () => ({ method: 'POST', path: BIG, auth: anyToken(), body: '{"target_url": ' })),
    entry(403, () => ({ path: '/api/v1/organizers/acme/webhooks/', auth: anyToken() })),
    entry(200, () => ({ path: `${BIG}?enabled=true&page_size=5`, auth: anyToken() })),
    entry(200, () => ({ method: 'OPTIONS', path: BIG, auth: anyToken() })),
  ];
}
