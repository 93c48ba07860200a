import fc from 'fast-check';

/**
 * Generators for pretix API requests, valid and invalid. Values that depend on the state (ids,
 * sandbox credentials) are drawn as picks and resolved against the model when the step runs,
 * so that a seed and a path replay the same steps.
 */

export type AuthSpec =
  | { kind: 'role'; dataset: number; role: string; scheme?: string }
  | { kind: 'raw'; value: string }
  | { kind: 'none' };

export type IdSpec = { kind: 'known'; pick: number; form: 'plain' | 'padded' | 'plus' | 'underscore' | 'encoded' } | { kind: 'raw'; text: string };

export type BodySpec =
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string }
  | { kind: 'bytes'; bytes: number[] }
  | { kind: 'deep'; depth: number; open: string; close: string }
  | { kind: 'huge'; length: number }
  /** A JSON object whose first key is `__proto__`, `constructor` or `prototype`. */
  | { kind: 'proto'; key: string; value: Record<string, unknown> };

export interface PretixSpec {
  method: string;
  organizer: string;
  id?: IdSpec;
  slash: boolean;
  query: string;
  auth: AuthSpec;
  headers: Record<string, string>;
  body?: BodySpec;
  idempotencyKey?: string;
}

/** Roles of fixtures/default.json, by the token string a sandbox's `tokens` map is keyed by. */
export const ROLES = [
  'sandbox-bigevents-admin', 'sandbox-bigevents-readonly', 'sandbox-bigevents-inactive', 'sandbox-acme-admin',
  'sandbox-bigevents-device', 'sandbox-bigevents-device-revoked', 'sandbox-bigevents-oauth', 'sandbox-bigevents-oauth-read',
] as const;

export const EVENTS = ['democon', 'sampleconf', 'acmecon', 'nope', ''];
export const ACTION_TYPES = ['pretix.event.order.placed', 'pretix.event.order.paid', 'pretix.event.order.changed.*', 'pretix.event.item.*', 'pretix.giftcards.transaction.*', 'pretix.event.order.changed.item', 'nope'];

const text = (maxLength: number) => fc.oneof(fc.string({ maxLength }), fc.string({ unit: 'binary', maxLength }));
const segment = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('bigevents', 'acme') },
  { weight: 2, arbitrary: fc.constantFrom('nope', '%62igevents', 'big%2Fevents', '%FF', '%00', '..', 'big%C3%A9vents', 'a'.repeat(3000), '%E2%82') },
  { weight: 1, arbitrary: text(20).filter((s) => s.length > 0).map((s) => encodeURIComponent(s).replace(/%2F/gi, '_') || 'x') },
);

const idSpec: fc.Arbitrary<IdSpec> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('known' as const), pick: fc.nat(50), form: fc.constantFrom('plain', 'plain', 'plain', 'padded', 'plus', 'underscore', 'encoded') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('raw' as const), text: fc.constantFrom('999999', '0', '-1', 'abc', '1e3', '99999999999999999999', '%EF%BC%92', '1.5', '%FF', '__proto__', 'constructor', '2%2F') }) },
);

const query = fc.array(
  fc.oneof(
    fc.constantFrom('page=2', 'page=last', 'page=0', 'page=abc', 'page=%FF', 'page=', 'page_size=1', 'page_size=0', 'page_size=-3', 'page_size=999', 'page_size=x'),
    fc.constantFrom('enabled=true', 'enabled=FALSE', 'enabled=0', 'enabled=maybe', 'format=json', 'format=xml', 'format=', '%FF=%FE', 'a[b]=c', '__proto__=1'),
    fc.tuple(fc.stringMatching(/^[a-z_]{1,8}$/), text(12)).map(([k, v]) => `${k}=${encodeURIComponent(v)}`),
  ),
  { maxLength: 4 },
).map((parts) => parts.join('&'));

export const auth: fc.Arbitrary<AuthSpec> = fc.oneof(
  { weight: 10, arbitrary: fc.record({ kind: fc.constant('role' as const), dataset: fc.nat(3), role: fc.constantFrom(...ROLES) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('role' as const), dataset: fc.nat(3), role: fc.constantFrom(...ROLES), scheme: fc.constantFrom('token', 'TOKEN', 'Bearer', 'Device', 'Basic', 'Token  ') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('raw' as const), value: fc.constantFrom('Token nope', 'Token', 'Token a b', 'Basic dXNlcjpwYXNz', '', 'Bearer', 'Token \xff\xfe', `Token ${'x'.repeat(4000)}`, 'Device nope', '\ttoken\tsandbox-bigevents-admin\t') }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
);

// Valid targets are loopback (port 9, refused at once), so that notifications never leave the machine.
const webhookFields = fc.record(
  {
    enabled: fc.oneof(fc.boolean(), fc.constantFrom<unknown>('yes', 'off', 1, 0, 2, null, 'maybe')),
    target_url: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('http://127.0.0.1:9/hook', 'http://localhost:9/x', 'ftp://files.example.com/', '  http://127.0.0.1:9/ws  ', 'http://intranet/', 'not a url') },
      { weight: 1, arbitrary: fc.oneof(text(40), fc.constant('https://example.com/' + 'a'.repeat(1100)), fc.integer(), fc.constant(null)) },
    ),
    all_events: fc.oneof(fc.boolean(), fc.constantFrom<unknown>('true', null, [])),
    limit_events: fc.oneof({ weight: 5, arbitrary: fc.array(fc.constantFrom(...EVENTS), { maxLength: 3 }) }, { weight: 1, arbitrary: fc.constantFrom<unknown>('democon', null, [1], {}) }),
    action_types: fc.oneof({ weight: 5, arbitrary: fc.array(fc.constantFrom(...ACTION_TYPES), { minLength: 1, maxLength: 4 }) }, { weight: 1, arbitrary: fc.constantFrom<unknown>('pretix.event.order.placed', [], null, [7]) }),
    comment: fc.oneof(fc.constant(null), text(30), fc.constant('x'.repeat(300)), fc.double(), fc.constant('\u0000'), fc.constant('\ud800')),
    id: fc.integer(),
    extra: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: [] },
);

const body: fc.Arbitrary<BodySpec> = fc.oneof(
  { weight: 10, arbitrary: webhookFields.map((value) => ({ kind: 'json' as const, value })) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => ({ kind: 'json' as const, value })) },
  { weight: 1, arbitrary: fc.constantFrom('{"a":', '{"__proto__": {"x": 1}, "target_url": "https://a.example/"}', '[1,2', 'nul', '{"constructor": {"prototype": {"x": 1}}}', '\ufeff{}', '{"target_url": "\\ud800"}').map((t) => ({ kind: 'text' as const, text: t })) },
  { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 }).map((bytes) => ({ kind: 'bytes' as const, bytes })) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deep' as const), depth: fc.integer({ min: 100, max: 20_000 }), open: fc.constantFrom('[', '{"a":'), close: fc.constantFrom(']', '}') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('proto' as const), key: fc.constantFrom('__proto__', 'constructor', 'prototype'), value: webhookFields }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('huge' as const), length: fc.integer({ min: 10_000, max: 120_000 }) }) },
);

const headers = fc.record(
  {
    accept: fc.constantFrom('application/json', '*/*', 'text/html', '', 'application/json; q=0', 'application/*, text/\xe9'),
    'content-type': fc.constantFrom('application/json', 'application/json', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'application/json; charset=utf-16', 'text/plain', 'multipart/form-data; boundary=x', '*/*', '', 'application/json; charset="nope"'),
    'accept-language': fc.constantFrom('de', '*', '\xff'),
    'x-odd': fc.constantFrom('caf\xe9', ' spaced ', 'a'.repeat(2000)),
    host: fc.constantFrom('evil.example', 'localhost:1', '[::1]:8080'),
  },
  { requiredKeys: [] },
);

export const pretixSpec: fc.Arbitrary<PretixSpec> = fc.record(
  {
    method: fc.oneof({ weight: 12, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE') }, { weight: 2, arbitrary: fc.constantFrom('HEAD', 'OPTIONS') }, { weight: 1, arbitrary: fc.constantFrom('PROPFIND', 'PURGE', 'SEARCH') }),
    organizer: segment,
    id: fc.option(idSpec, { nil: undefined }),
    slash: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    query: fc.oneof({ weight: 3, arbitrary: fc.constant('') }, { weight: 1, arbitrary: query }),
    auth,
    headers,
    body: fc.option(body, { nil: undefined, freq: 3 }),
    idempotencyKey: fc.option(fc.constantFrom('k1', 'k2', 'k3', 'k\xe9', 'x'.repeat(300)), { nil: undefined, freq: 2 }),
  },
  { requiredKeys: ['method', 'organizer', 'slash', 'query', 'auth', 'headers'] },
);
