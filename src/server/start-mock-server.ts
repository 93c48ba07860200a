import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stopListening, warmApp } from './listening.js';
import { MockServer } from './mock-server.js';
import { openWorld, type World } from './open-world.js';
import { clientTimeouts, latencyRange, resolveFixtures, watchedFiles, type MockServerOptions } from './options.js';
import { ReadyGate } from './ready-gate.js';
import { createApp } from '../app/create-app.js';
import { AdminHttp } from '../client/admin-http.js';
import { isLoopback, type AdminAccess } from '../control/admin-guard.js';
import { ControlPlane } from '../control/control-plane.js';
import { writeCoverageReport } from '../control/coverage-report.js';
import { silentLogger } from '../logging/logger.js';
import { startLiveReload } from '../reload/live-reload.js';
import { loadSpec, type LoadedSpec } from '../spec/load-spec.js';
import type { BuiltInToken } from '../store/built-in-tokens.js';
import { credentialsOf } from '../store/credentials.js';
import { warmUp } from '../warm-up.js';

export { MockServer, type MockServerOptions };
export { credentialsOf, writeCoverageReport };

/**
 * Loads the spec and the fixtures, opens the store and serves the app. Resolves once requests
 * are served; the validators are then warmed in the background, one operation at a time (a
 * request that comes first compiles its own operation's, some tens of milliseconds). Throws SpecError, FixtureError, a bad option or
 * a listen error (for example EADDRINUSE).
 * @example
 * import { startMockServer } from 'pretix-mock';
 * const mock = await startMockServer();
 * const res = await fetch(`${mock.url}/api/v1/organizers/bigevents/webhooks/`, {
 *   headers: { Authorization: mock.tokens['sandbox-bigevents-admin'] },
 * });
 * await mock.close();
 */
export function startMockServer(options?: MockServerOptions & { fixtures?: undefined }): Promise<MockServer<BuiltInToken>>;
export function startMockServer<T extends string = string>(options?: MockServerOptions): Promise<MockServer<T>>;
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer<string>> {
  const logger = options.logger ?? silentLogger;
  const watched = options.watch ? watchedFiles(options) : undefined;
  const latency = latencyRange(options.latency);
  const timeouts = clientTimeouts(options);
  if (options.redis && options.data) throw new Error('redis and data exclude each other: with Redis the shared world is the durable state');
  const spec = await loadSpec(options.spec);
  const fixtures = await resolveFixtures(spec, options.fixtures);
  const world: World = await openWorld(options, spec, fixtures, logger);
  const { store, delivery } = world;
  let plane: ControlPlane;
  const server = createServer(timeouts);
  try {
    plane = new ControlPlane({ store, spec, journalSize: options.journalSize, idempotency: options.idempotency, delivery });
    server.keepAliveTimeout = 5_000;
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
    await once(server, 'listening');
  } catch (err) {
    await world.stopDelivery();
    await world.closeStore();
    throw err;
  }
  const address = server.address() as AddressInfo;
  // The guard depends on the address actually bound, so the app is attached once it is known.
  const adminAccess: AdminAccess = options.adminToken ? { token: options.adminToken } : isLoopback(address.address) ? 'open' : 'disabled';
  if (adminAccess === 'disabled') {
    logger.warn({ address: address.address }, 'control plane disabled: listening on a non-loopback address without an admin token (--admin-token or PRETIX_MOCK_ADMIN_TOKEN)');
  }
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const connectHost = address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '[::1]' : host;
  const url = `http://${connectHost}:${address.port}`;
  const siteUrl = options.siteUrl ?? url;
  const appFor = (s: LoadedSpec) => createApp(store, s, { logger, maxBodySize: options.maxBodySize, controlPlane: plane, latency, adminAccess, siteUrl, clock: options.clock });
  const gate = new ReadyGate(appFor(spec));
  server.on('request', gate.serve);
  const access = typeof adminAccess === 'object' ? 'guarded' : adminAccess;
  const tokens = credentialsOf(store.shared.data.doc);
  const swapSpec = async (next: LoadedSpec) => {
    plane.useSpec(next);
    const candidate = appFor(next);
    await warmApp(candidate, next, timeouts, options.adminToken);
    gate.use(candidate);
  };
  const stopWatching = watched ? startLiveReload({ ...watched, plane, swapSpec, logger }) : undefined;
  try {
    options.onReady?.({ url, tokens, controlPlane: access });
  } finally {
    gate.open();
  }
  const warm = warmUp(url, spec, { adminToken: options.adminToken });
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      stopWatching?.();
      const stopping = stopListening(server); // the port is free from here on
      warm.stop();
      await warm.done; // at most the one warm-up request in flight
      plane.close();
      await stopping.drain(5_000);
      // Delivery stops after HTTP (no new notifications) and before the store (a 410 may still write).
      await world.stopDelivery();
      try {
        if (options.coverageReport) await writeCoverageReport(options.coverageReport, plane.coverage());
      } finally {
        await world.closeStore();
      }
    })());
  return new MockServer(new AdminHttp(url, { adminToken: options.adminToken }), url, tokens, access, close);
}
