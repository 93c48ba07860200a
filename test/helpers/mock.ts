import { startMockServer, type MockServer, type MockServerOptions } from '../../src/index.js';

/** Default credentials of fixtures/default.json as Authorization header values. */
export const AUTH = {
  admin: 'Token sandbox-bigevents-admin',
  readonly: 'Token sandbox-bigevents-readonly',
  inactive: 'Token sandbox-bigevents-inactive',
  acme: 'Token sandbox-acme-admin',
  device: 'Device sandbox-bigevents-device',
  deviceRevoked: 'Device sandbox-bigevents-device-revoked',
  oauth: 'Bearer sandbox-bigevents-oauth',
  oauthRead: 'Bearer sandbox-bigevents-oauth-read',
} as const;

export const BIGEVENTS = '/api/v1/organizers/bigevents/webhooks/';
export const ACME = '/api/v1/organizers/acme/webhooks/';

/** The docs' create body. */
export const DOCS_BODY = {
  enabled: true,
  target_url: 'https://httpstat.us/200',
  all_events: false,
  limit_events: ['democon'],
  action_types: ['pretix.event.order.modified', 'pretix.event.order.changed.*'],
  comment: 'Called for changes',
};

/** Webhook 2 of the default dataset, as pretix returns it. */
export const WEBHOOK_2 = {
  id: 2,
  enabled: true,
  target_url: 'https://httpstat.us/200',
  all_events: false,
  limit_events: ['democon'],
  action_types: ['pretix.event.order.changed.*', 'pretix.event.order.modified'],
  comment: null,
};

export interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when the body is not JSON, or undefined when empty. */
  body: unknown;
  text: string;
}

export interface CallOptions {
  method?: string;
  auth?: string;
  /** An object is sent as JSON; a string is sent as is. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** A started mock plus a small fetch wrapper that never follows redirects. */
export class TestMock {
  private constructor(readonly server: MockServer) {}

  static async start(options: MockServerOptions = {}): Promise<TestMock> {
    return new TestMock(await startMockServer(options));
  }

  get url(): string {
    return this.server.url;
  }

  async call(path: string, options: CallOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.auth) headers.authorization = options.auth;
    let body: string | undefined;
    if (typeof options.body === 'string') body = options.body;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.url + path, {
      method: options.method ?? 'GET',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    let parsed: unknown = text === '' ? undefined : text;
    if ((res.headers.get('content-type') ?? '').startsWith('application/json') && text) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed, text };
  }

  close(): Promise<void> {
    return this.server.close();
  }
}

/** The default dataset's organizers, events and credentials with `count` webhooks for bigevents. */
export function manyWebhooks(count: number, disabledEvery = 0): object {
  return {
    organizers: [{ slug: 'bigevents', name: 'Big Events LLC' }, { slug: 'acme', name: 'ACME Events' }],
    events: [{ organizer: 'bigevents', slug: 'democon', name: 'DemoCon' }],
    teams: [{ id: 1, organizer: 'bigevents', name: 'Admins', permissions: ['can_change_organizer_settings'] }],
    team_tokens: [{ token: 'sandbox-bigevents-admin', team: 1 }],
    webhooks: Array.from({ length: count }, (_, i) => ({
      id: i + 1,
      organizer: 'bigevents',
      enabled: !(disabledEvery && (i + 1) % disabledEvery === 0),
      target_url: `https://example.com/hook/${i + 1}`,
      action_types: ['pretix.event.order.placed'],
    })),
  };
}
