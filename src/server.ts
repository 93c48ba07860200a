import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type AppOptions } from './app.js';
import { DeliveriesClient } from './client/deliveries-client.js';
import { DeliveryHub, type DeliveryOptions } from './delivery/delivery-hub.js';
import { silentLogger, type Logger } from './logging/logger.js';
import { DEFAULT_FIXTURES_PATH } from './paths.js';
import { loadSpec, type LoadedSpec } from './spec/load-spec.js';
import { compileSchemaCheck } from './spec/schema-check.js';
import { checkFixture, readFixtureFile } from './store/fixture.js';
import type { Fixture } from './store/fixture-types.js';
import { Store } from './store/store.js';
import { warmUp } from './warm-up.js';

export interface MockServerOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Address to bind. Default `127.0.0.1`. */
  host?: string;
  /** A fixture file path or a fixture document. Default: the built-in dataset (fixtures/default.json). */
  fixtures?: string | object;
  /** Keep the shared dataset durably in this lowdb JSON file (created from the fixtures if missing). */
  data?: string;
  /** Path of the OpenAPI document. Default: the built-in one. */
  spec?: string;
  /** Where logs go. Default: nowhere. */
  logger?: Logger;
  /** Bodies larger than this many bytes get 413. Default 2.5 MiB, Django's limit. */
  maxBodySize?: number;
  /** Bounds of the idempotency key store. */
  idempotency?: AppOptions['idempotency'];
  /** Webhook delivery: retry time scale, timeout, private-network block and bounds. */
  delivery?: Omit<DeliveryOptions, 'logger'>;
}

/** A running pretix-mock. */
export interface MockServer {
  /** Base URL, for example `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Authorization header values of the dataset's credentials, keyed by the fixture's token string. */
  readonly tokens: Readonly<Record<string, string>>;
  /** Emits a pretix log entry to the matching webhooks (`POST /__admin/notify`). */
  readonly notify: DeliveriesClient['notify'];
  /** The delivery log, pending retries, expedite/drop and `waitFor`. */
  readonly deliveries: DeliveriesClient['deliveries'];
  /**
   * Stops accepting connections, finishes in-flight requests (at most 5 s), stops webhook
   * delivery (attempts in flight are aborted), flushes the store.
   */
  close(): Promise<void>;
}

/** `Authorization` values for every credential of a dataset, keyed by its token string. */
export function credentialsOf(f: Fixture): Record<string, string> {
  return Object.fromEntries([
    ...f.team_tokens.map((t) => [t.token, `Token ${t.token}`]),
    ...f.devices.map((d) => [d.token, `Device ${d.token}`]),
    ...f.oauth_tokens.map((t) => [t.token, `Bearer ${t.token}`]),
  ]);
}

async function resolveFixtures(spec: LoadedSpec, fixtures: string | object | undefined): Promise<Fixture> {
  const check = compileSchemaCheck(spec.dereferenced, 'Fixture');
  if (fixtures === undefined || typeof fixtures === 'string') return readFixtureFile(fixtures ?? DEFAULT_FIXTURES_PATH, check);
  return checkFixture(fixtures, 'the fixtures option', check);
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
 * Resolves once the first request will be fast. Throws SpecError, FixtureError or a listen
 * error (for example EADDRINUSE).
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const logger = options.logger ?? silentLogger;
  const spec = await loadSpec(options.spec);
  const fixtures = await resolveFixtures(spec, options.fixtures);
  const store = await Store.open({
    fixtures,
    dataFile: options.data,
    fixtureCheck: compileSchemaCheck(spec.dereferenced, 'Fixture'),
  });
  const delivery = new DeliveryHub({ ...options.delivery, logger });
  const app = createApp(store, spec, { logger, maxBodySize: options.maxBodySize, idempotency: options.idempotency, delivery });
  const server = createServer({ headersTimeout: 10_000, requestTimeout: 30_000 }, app);
  server.keepAliveTimeout = 5_000;
  server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  try {
    await once(server, 'listening');
  } catch (err) {
    await delivery.close();
    await store.close();
    throw err;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const connectHost = address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '[::1]' : host;
  const url = `http://${connectHost}:${address.port}`;
  await warmUp(url, spec);
  let closing: Promise<void> | undefined;
  const client = new DeliveriesClient(url);
  return {
    url,
    notify: client.notify.bind(client),
    deliveries: client.deliveries,
    get tokens() {
      return credentialsOf(store.shared.data.doc);
    },
    close: () =>
      (closing ??= (async () => {
        await stopServer(server, 5_000);
        await delivery.close();
        await store.close();
      })()),
  };
}
