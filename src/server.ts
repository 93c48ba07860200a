import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type AppOptions } from './app.js';
import { AdminHttp } from './client/admin-http.js';
import { MockClient } from './client/mock-client.js';
import { isLoopback, type AdminAccess } from './control/admin-guard.js';
import { ControlPlane } from './control/control-plane.js';
import { DeliveryHub, type DeliveryOptions } from './delivery/delivery-hub.js';
import { writeCoverageReport } from './control/coverage-report.js';
import { parseLatency, type LatencyRange } from './control/latency.js';
import { silentLogger, type Logger } from './logging/logger.js';
import { DEFAULT_FIXTURES_PATH } from './paths.js';
import { loadSpec, type LoadedSpec } from './spec/load-spec.js';
import { compileSchemaCheck } from './spec/schema-check.js';
import { credentialsOf } from './store/credentials.js';
import { checkFixture, readFixtureFile } from './store/fixture.js';
import type { Fixture } from './store/fixture-types.js';
import { Store } from './store/store.js';
import { warmUp } from './warm-up.js';
import { startLiveReload } from './reload/live-reload.js';

export { credentialsOf, writeCoverageReport };

export interface MockServerOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Address to bind. Default `127.0.0.1`. Any non-loopback address guards `/__admin/` (see `adminToken`). */
  host?: string;
  /** A fixture file path or a fixture document. Default: the built-in dataset (fixtures/default.json). */
  fixtures?: string | object;
  /** Keep the shared dataset durably in this lowdb JSON file (created from the fixtures if missing). Sandboxes stay in memory. */
  data?: string;
  /** Path of the OpenAPI document. Default: the built-in one. */
  spec?: string;
  /** Where logs go. Default: nowhere. */
  logger?: Logger;
  /** Bodies larger than this many bytes get 413. Default 2.5 MiB, Django's limit. */
  maxBodySize?: number;
  /** Bounds of the idempotency key store. */
  idempotency?: AppOptions['idempotency'];
  /** Requests the journal keeps (a ring); 0 turns it off. Default 1000. */
  journalSize?: number;
  /** Delay added to every pretix API answer: ms, `{ min, max }`, or `'50'` / `'20-80'`. Default none. */
  latency?: number | string | LatencyRange;
  /**
   * Requires `Authorization: Bearer <adminToken>` on `/__admin/`. Without it, the control plane is
   * open on a loopback address and disabled on any other.
   */
  adminToken?: string;
  /** On close(), write the coverage matrix to this JSON file and a Markdown summary beside it. */
  coverageReport?: string;
  /** How many sandboxes may exist at once. Default 50. */
  maxSandboxes?: number;
  /** Seconds after which an unused sandbox is removed. Default 1800. */
  sandboxTtl?: number;
  /** Webhook delivery: retry time scale, timeout, private-network block and bounds. */
  delivery?: Omit<DeliveryOptions, 'logger'>;
  /** Milliseconds a client may take to send the request headers (then 408). Default 10,000. */
  headersTimeout?: number;
  /** Milliseconds a client may take to send the whole request (then 408). Default 30,000. */
  requestTimeout?: number;
  /**
   * Reload the `fixtures` file and the `spec` document when they change (paths only). A broken
   * version is logged and the old one stays. Refused with `data` when fixtures would be watched.
   */
  watch?: boolean;
}

/** Node's slow-client limits: the timeouts, and how often connections are checked against them. */
function clientTimeouts(options: MockServerOptions) {
  const headersTimeout = options.headersTimeout ?? 10_000;
  const requestTimeout = options.requestTimeout ?? 30_000;
  if (!(Number.isInteger(headersTimeout) && headersTimeout > 0 && Number.isInteger(requestTimeout) && requestTimeout >= headersTimeout)) {
    throw new Error('headersTimeout and requestTimeout must be positive integers (ms), requestTimeout at least headersTimeout');
  }
  // Node checks every 30 s by default, so a 10 s limit would act after 10 to 40 s.
  const connectionsCheckingInterval = Math.min(1000, Math.max(25, Math.floor(headersTimeout / 10)));
  return { headersTimeout, requestTimeout, connectionsCheckingInterval };
}

/**
 * A running pretix-mock (what `startMockServer` returns): the control plane's client for it,
 * plus `close()` and how `/__admin/` is guarded.
 * @example
 * const mock = await startMockServer({ journalSize: 200 });
 * after(() => mock.close());
 */
export class MockServer extends MockClient {
  readonly #close: () => Promise<void>;

  constructor(
    http: AdminHttp,
    url: string,
    tokens: Record<string, string>,
    /** `/__admin/` is `open` (loopback), `guarded` (admin token) or `disabled` (non-loopback without a token). */
    readonly controlPlane: 'open' | 'guarded' | 'disabled',
    close: () => Promise<void>,
  ) {
    super(http, url, tokens);
    this.#close = close;
  }

  /**
   * Stops accepting connections, ends held requests, finishes in-flight ones (at most 5 s),
   * writes the coverage report if asked, and flushes the store. Safe to call twice.
   * @example after(() => mock.close());
   */
  close(): Promise<void> {
    return this.#close();
  }
}

async function resolveFixtures(spec: LoadedSpec, fixtures: string | object | undefined): Promise<Fixture> {
  const check = compileSchemaCheck(spec.dereferenced, 'Fixture');
  if (fixtures === undefined || typeof fixtures === 'string') return readFixtureFile(fixtures ?? DEFAULT_FIXTURES_PATH, check);
  return checkFixture(fixtures, 'the fixtures option', check);
}

function latencyRange(latency: MockServerOptions['latency']): LatencyRange | undefined {
  if (latency === undefined) return undefined;
  if (typeof latency === 'object') return parseLatency(`${latency.min}-${latency.max}`);
  return parseLatency(String(latency));
}

/** What `watch` watches: the fixture file and the spec document given as paths. */
function watchedFiles(options: MockServerOptions): { fixtures?: string; spec?: string } {
  const fixtures = typeof options.fixtures === 'string' ? options.fixtures : undefined;
  if (options.data && fixtures) {
    throw new Error(`--watch cannot reload the fixtures with --data: the data file ${options.data} is the state, the fixtures only seed it when it is missing`);
  }
  if (!fixtures && !options.spec) throw new Error('--watch needs --fixtures <file> or --spec <file> to watch');
  return { fixtures, spec: options.spec };
}

/**
 * Warms a new app's validators (`--watch`) on a private loopback server before it serves: the
 * first real requests on the new spec are as fast as on the old one.
 */
async function warmApp(app: ReturnType<typeof createApp>, spec: LoadedSpec, timeouts: ReturnType<typeof clientTimeouts>, adminToken?: string): Promise<void> {
  const server = createServer(timeouts, app);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const warm = await warmUp(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, spec, { adminToken });
    await warm.background;
  } finally {
    await stopServer(server, 1000);
  }
}

/**
 * Bounded graceful stop: no new connections; idle keep-alive connections are closed now and
 * whenever a request in flight finishes (the sweep), the rest are cut after `graceMs`.
 */
async function stopServer(server: Server, graceMs: number): Promise<void> {
  const closed = once(server, 'close');
  server.close();
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  await closed;
  clearInterval(sweep);
  clearTimeout(timer);
}

/**
 * Loads the spec and the fixtures, opens the store, serves the app and warms its validators.
 * Resolves once the first request will be fast. Throws SpecError, FixtureError, a bad option or
 * a listen error (for example EADDRINUSE).
 * @example
 * import { startMockServer } from 'pretix-mock';
 * const mock = await startMockServer();
 * const res = await fetch(`${mock.url}/api/v1/organizers/bigevents/webhooks/`, {
 *   headers: { Authorization: mock.tokens['sandbox-bigevents-admin'] },
 * });
 * await mock.close();
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const logger = options.logger ?? silentLogger;
  const watched = options.watch ? watchedFiles(options) : undefined;
  const latency = latencyRange(options.latency);
  const timeouts = clientTimeouts(options);
  const spec = await loadSpec(options.spec);
  const fixtures = await resolveFixtures(spec, options.fixtures);
  const store = await Store.open({
    fixtures,
    dataFile: options.data,
    fixtureCheck: compileSchemaCheck(spec.dereferenced, 'Fixture'),
    sandboxes: {
      maxSandboxes: options.maxSandboxes,
      idleTtlMs: options.sandboxTtl === undefined ? undefined : options.sandboxTtl * 1000,
    },
  });
  let plane: ControlPlane;
  let delivery: DeliveryHub | undefined;
  const server = createServer(timeouts);
  try {
    delivery = new DeliveryHub({ ...options.delivery, logger });
    plane = new ControlPlane({ store, spec, journalSize: options.journalSize, idempotency: options.idempotency, delivery });
    server.keepAliveTimeout = 5_000;
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
    await once(server, 'listening');
  } catch (err) {
    await delivery?.close();
    await store.close();
    throw err;
  }
  const address = server.address() as AddressInfo;
  // The guard depends on the address actually bound, so the app is attached once it is known.
  const adminAccess: AdminAccess = options.adminToken ? { token: options.adminToken } : isLoopback(address.address) ? 'open' : 'disabled';
  if (adminAccess === 'disabled') {
    logger.warn({ address: address.address }, 'control plane disabled: listening on a non-loopback address without an admin token (--admin-token or PRETIX_MOCK_ADMIN_TOKEN)');
  }
  const appFor = (s: LoadedSpec) => createApp(store, s, { logger, maxBodySize: options.maxBodySize, controlPlane: plane, latency, adminAccess });
  // Each request is handed to the app current when it arrives: a spec swap lets requests in flight finish on the old one.
  let app = appFor(spec);
  server.on('request', (req, res) => app(req, res));
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const connectHost = address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '[::1]' : host;
  const url = `http://${connectHost}:${address.port}`;
  const warm = await warmUp(url, spec, { adminToken: options.adminToken });
  const swapSpec = async (next: LoadedSpec) => {
    plane.useSpec(next);
    const candidate = appFor(next);
    await warmApp(candidate, next, timeouts, options.adminToken);
    app = candidate;
  };
  const stopWatching = watched ? startLiveReload({ ...watched, plane, swapSpec, logger }) : undefined;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      stopWatching?.();
      await warm.background; // the control plane's warm-up, a few hundred milliseconds after start
      plane.close();
      await stopServer(server, 5_000);
      // Delivery stops after HTTP (no new notifications) and before the store (a 410 may still write).
      await plane.delivery.close();
      try {
        if (options.coverageReport) await writeCoverageReport(options.coverageReport, plane.coverage());
      } finally {
        await store.close();
      }
    })());
  const access = typeof adminAccess === 'object' ? 'guarded' : adminAccess;
  return new MockServer(new AdminHttp(url, { adminToken: options.adminToken }), url, credentialsOf(store.shared.data.doc), access, close);
}
