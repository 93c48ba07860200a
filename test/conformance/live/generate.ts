/**
 * The seeded generator of request sequences for the live differential (real pretix beside the
 * mock). It covers what the recordings cover: every method, path variant (case, ids, missing and
 * doubled slashes, format suffixes), credential, odd body, content type, Accept header, query
 * parameter and idempotency key, on the webhooks and on the API root, organizers and events.
 * The same seed always gives the same sequence.
 */
/** A request as the recordings write it (the same shape as compare.ts's RecordedRequest). */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** The request families; `resources` is the API root, organizers and events. */
export type Family = 'webhooks' | 'resources';
export const FAMILIES: readonly Family[] = ['webhooks', 'resources'];

/** A small seeded PRNG (mulberry32): reproducible across Node versions, unlike Math.random. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

const AUTH = [
  'Token sandbox-bigevents-admin', 'Token sandbox-bigevents-admin', 'Token sandbox-bigevents-admin', 'Token sandbox-bigevents-readonly',
  'Token sandbox-acme-admin', 'Token sandbox-bigevents-inactive', 'token sandbox-bigevents-admin', 'Device sandbox-bigevents-device',
  'Device sandbox-bigevents-device-revoked', 'Device nosuch', 'Bearer sandbox-bigevents-oauth', 'Bearer sandbox-bigevents-oauth-read',
  'Bearer', 'Token', 'Token a b', 'Token nosuchtoken', 'Basic Zm9vOmJhcg==', '',
];
/**
 * Credentials that may not write organizers or events. The mock serves them read-only (a
 * deliberate difference), so a write that pretix carried out would change every answer after it:
 * resource writes use these, as the recordings' resources sequences do.
 */
const NO_WRITE_AUTH = AUTH.filter((a) => !['Token sandbox-bigevents-admin', 'token sandbox-bigevents-admin', 'Token sandbox-acme-admin', 'Device sandbox-bigevents-device', 'Bearer sandbox-bigevents-oauth'].includes(a));
const ORGANIZERS = ['bigevents', 'bigevents', 'bigevents', 'acme', 'BigEvents', 'nosuchorg'];
const IDS = ['1', '2', '2', '3', '3', '4', '5', '999', '0', '-1', '01', 'abc', '2.0', '٣'];
const EVENT_SLUGS = ['democon', 'sampleconf', 'acmecon', 'DemoCon', 'nosuch'];
const CONTENT_TYPES = ['application/json', 'application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/xml', 'application/x-www-form-urlencoded'];
const ACCEPTS = ['*/*', 'application/json', 'application/xml', 'application/json; version=2', 'text/html'];
const WEBHOOK_QUERIES = ['enabled=true', 'enabled=True', 'enabled=false', 'enabled=0', 'enabled=maybe', 'page=1', 'page=2', 'page=0', 'page=abc', 'page=last', 'page_size=1', 'page_size=0', 'page_size=-3', 'page_size=100', 'page_size=1&page=2', 'ordering=-id', 'format=json'];
const EVENT_QUERIES = ['ordering=slug', 'ordering=-slug', 'ordering=name', 'ordering=-date_from', 'ordering=date_from', 'ordering=bogus', 'search=demo', 'search=Conf', 'search=zzz', 'live=true', 'live=false', 'live=maybe', 'is_public=true', 'is_public=false', 'testmode=true', 'testmode=false', 'has_subevents=false', 'sales_channel=web', 'sales_channel=nosuch', 'ends_after=2026-01-01', 'ends_after=2027-01-01T00:00:00Z', 'ends_after=garbage', 'date_from_after=2027-01-01T00:00:00Z', 'date_from_before=2027-01-01T00:00:00Z', 'page=2', 'page=abc', 'page_size=1', 'page_size=1&page=2', 'format=json'];
const ENABLED = [true, true, false, null, 0, 1, 2, '0', '1', 'true', 'false', 'yes', 'no', 'on', 'off', 'maybe', [], {}];
const TARGET_URLS = ['https://h{n}.example.com/hook', 'https://h{n}.example.com/hook', 'https://httpstat.us/200', 'https://example.com/#frag', 'HTTPS://EXAMPLE.COM/', 'https://example.museum/', 'https://bücher.de/hook', 'https://user:pw@example.com/h', 'http://127.0.0.1/x', 'http://localhost:8000/x', 'https://intranet/hook', 'https://example.c/', 'https://exa mple.com/', 'https://example.com:99999/', 'example.com/hook', 'ftp://files.example.com/a', 'ftps://files.example.com/a', 'mailto:a@b.c', '', null, 5, `https://a.b/${'x'.repeat(200)}`];
const ALL_EVENTS = [true, false, false, null, 0, 1, 2, '0', 'true', 'false', 'yes', 'no', 'on', 'maybe', [], {}];
const LIMIT_EVENTS: unknown[] = [[], [], ['democon'], ['sampleconf'], ['democon', 'sampleconf'], ['DemoCon'], ['acmecon'], ['nosuch'], [''], [null], [['democon']], ['DemoCon', 'DemoCon'], 'democon', null, 5, { a: 1 }];
const ACTION_TYPES: unknown[] = [['pretix.event.order.placed'], ['pretix.event.order.paid', 'pretix.event.order.placed'], ['pretix.event.order.changed.*'], ['pretix.event.item.*'], ['pretix.event.order.placed.require_approval'], ['pretix.voucher.added', 'pretix.giftcards.created'], ['PRETIX.EVENT.ORDER.PAID'], ['nope', 'pretix.event.order.paid'], ['pretix.event.order.paid', 'pretix.event.order.paid'], [], [5], 'pretix', null, {}];
const COMMENTS: unknown[] = [null, 'a comment', '', 5, 'x'.repeat(300), 'Grüße ☃'];
/**
 * Bodies JSON.stringify cannot write, where ujson (6.1.0 under pretix 2026.8.0) has its own rules:
 * a trailing comma, `NaN` and `Infinity`, `1.0` and long ints that CharField stores as str(), an
 * exponent without digits, a lone `-`, an unterminated string.
 */
const UJSON_BODIES = [
  '{"target_url": "https://h.example.com/nan", "limit_events": [], "action_types": ["pretix.event.order.placed"], "comment": NaN}',
  '{"target_url": "https://h.example.com/f", "limit_events": [], "action_types": ["pretix.event.order.paid"], "comment": 1.0, "enabled": 1.0}',
  '{"target_url": "https://h.example.com/big", "limit_events": [], "action_types": ["pretix.event.order.placed"], "comment": 123456789012345678901234567890}',
  '{"target_url": "https://h.example.com/x", "limit_events": [1e16], "action_types": [-Infinity]}',
  '{"enabled": true,}', '[1,]', '{"comment": 1e}', '-', '"abc', '{"comment": Infinity, "all_events": NaN}',
];
const RAW_BODIES = ['[1,2]', 'null', '"str"', '{"target_url": ', '{}', ...UJSON_BODIES];
const SUFFIX_PATHS = ['webhooks//', 'webhooks/2/x/', 'webhook/', 'webhooks/2.json', 'webhooks.json', 'webhooks/2.api/'];

function webhookBody(rng: Random, n: number): string {
  const body: Record<string, unknown> = {};
  const keep = (p: number) => rng.chance(p);
  if (keep(0.9)) body['enabled'] = rng.chance(0.7) ? true : rng.pick(ENABLED);
  if (keep(0.95)) {
    const url = rng.chance(0.6) ? TARGET_URLS[0] : rng.pick(TARGET_URLS);
    body['target_url'] = typeof url === 'string' ? url.replace('{n}', String(n)) : url;
  }
  if (keep(0.9)) body['all_events'] = rng.chance(0.6) ? rng.pick([true, false]) : rng.pick(ALL_EVENTS);
  if (keep(0.9)) body['limit_events'] = rng.pick(LIMIT_EVENTS);
  if (keep(0.95)) body['action_types'] = rng.chance(0.6) ? ACTION_TYPES[rng.int(3)] : rng.pick(ACTION_TYPES);
  if (keep(0.5)) body['comment'] = rng.pick(COMMENTS);
  if (keep(0.05)) body['id'] = 77;
  return JSON.stringify(body);
}

function webhookRequest(rng: Random, n: number): RecordedRequest {
  const method = rng.pick(['GET', 'GET', 'POST', 'POST', 'POST', 'PATCH', 'PATCH', 'PUT', 'DELETE', 'HEAD', 'OPTIONS']);
  const org = rng.pick(ORGANIZERS);
  let tail: string;
  if (rng.chance(0.04)) tail = rng.pick(SUFFIX_PATHS);
  else if (method === 'POST' ? rng.chance(0.85) : rng.chance(0.35)) tail = rng.chance(0.95) ? 'webhooks/' : 'webhooks';
  else tail = `webhooks/${rng.pick(IDS)}${rng.chance(0.9) ? '/' : ''}`;
  let path = `/api/v1/organizers/${org}/${tail}`;
  if ((method === 'GET' || method === 'HEAD') && tail === 'webhooks/' && rng.chance(0.4)) path += `?${rng.pick(WEBHOOK_QUERIES)}`;
  const headers: Record<string, string> = {};
  const auth = rng.chance(0.6) ? AUTH[0]! : rng.pick(AUTH);
  if (auth !== '') headers['Authorization'] = auth;
  let body: string | undefined;
  if (['POST', 'PUT', 'PATCH'].includes(method) && rng.chance(0.95)) {
    body = rng.chance(0.9) ? webhookBody(rng, n) : rng.pick(RAW_BODIES);
    headers['Content-Type'] = rng.chance(0.85) ? 'application/json' : rng.pick(CONTENT_TYPES);
  }
  if (rng.chance(0.06)) headers['Accept'] = rng.pick(ACCEPTS);
  if (method === 'POST' && rng.chance(0.08)) headers['X-Idempotency-Key'] = `key-${rng.int(4)}`;
  return body === undefined ? { method, path, headers } : { method, path, headers, body };
}

function resourceRequest(rng: Random): RecordedRequest {
  const method = rng.chance(0.55) ? 'GET' : rng.pick(['HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE']);
  const org = rng.pick(['bigevents', 'bigevents', 'acme', 'nosuchorg']);
  const slash = rng.chance(0.8) ? '/' : '';
  const kind = rng.int(6);
  let path: string;
  if (kind === 0) path = rng.pick(['/api/v1/', '/api/v1']);
  else if (kind === 1) path = '/api/v1/organizers/';
  else if (kind === 2) path = `/api/v1/organizers/${org}${slash}`;
  else if (kind <= 4) path = `/api/v1/organizers/${org}/${rng.chance(0.8) ? 'events/' : 'events.json'}`;
  else path = `/api/v1/organizers/${org}/events/${rng.pick(EVENT_SLUGS)}${rng.chance(0.2) ? '.json' : slash}`;
  if (method === 'GET' && (kind === 3 || kind === 4) && rng.chance(0.6)) {
    path += `?${rng.pick(EVENT_QUERIES)}${rng.chance(0.25) ? `&${rng.pick(EVENT_QUERIES)}` : ''}`;
  }
  const headers: Record<string, string> = {};
  const writes = !['GET', 'HEAD', 'OPTIONS'].includes(method);
  const auth = writes ? rng.pick(NO_WRITE_AUTH) : rng.chance(0.4) ? AUTH[0]! : rng.pick(AUTH);
  if (auth !== '') headers['Authorization'] = auth;
  if (['POST', 'PUT', 'PATCH'].includes(method)) {
    headers['Content-Type'] = 'application/json';
    return { method, path, headers, body: '{"name":{"en":"X"},"slug":"x"}' };
  }
  return { method, path, headers };
}

/**
 * `count` requests from `seed`, over `families` (default: all), each drawn independently of any
 * answer, so that the sequence is the same for pretix and for the mock.
 * @example
 * const requests = generateSequence(42, 300);
 */
export function generateSequence(seed: number, count: number, families: readonly Family[] = FAMILIES): RecordedRequest[] {
  const rng = new Random(seed);
  const requests: RecordedRequest[] = [];
  for (let n = 0; n < count; n++) {
    const family = rng.pick(families);
    requests.push(family === 'webhooks' ? webhookRequest(rng, n) : resourceRequest(rng));
  }
  return requests;
}
