/**
 * pretix-mock as a library. Start a server for your tests with `startMockServer`, or build the
 * Express app yourself with `createApp` and mount or serve it however you like.
 *
 * @example
 * import { startMockServer } from 'pretix-mock';
 * const mock = await startMockServer();
 * const res = await fetch(`${mock.url}/api/v1/organizers/bigevents/webhooks/`, {
 *   headers: { Authorization: mock.tokens['sandbox-bigevents-admin'] },
 * });
 * await mock.close();
 *
 * Types for a typed client (openapi-typescript output, for openapi-fetch and the like) are in
 * `pretix-mock/api`: `import type { paths } from 'pretix-mock/api'`.
 */
export { startMockServer, credentialsOf, type MockServer, type MockServerOptions } from './server.js';
export { createApp, DEFAULT_MAX_BODY_SIZE, type AppOptions } from './app.js';
export { loadSpec, SpecError, type LoadedSpec } from './spec/load-spec.js';
export { Store, type StoreOptions } from './store/store.js';
export { checkFixture, readFixtureFile, FixtureError } from './store/fixture.js';
export type { Fixture, WebhookRecord } from './store/fixture-types.js';
export { compileSchemaCheck } from './spec/schema-check.js';
export { createLogger } from './logging/logger.js';
export { PACKAGE_VERSION, PRETIX_VERSION } from './version.js';
export type { Health } from './control/health.js';
export { DeliveryHub, DEFAULT_DELIVERY, DELIVERY_USER_AGENT, type DeliveryOptions } from './delivery/delivery-hub.js';
export {
  DeliveriesClient, ControlPlaneError, type DeliveryList, type DeliveryListFilter, type DeliveryRecord, type NotifyRequest,
  type NotifyResult, type PendingRetry, type RetrySelection, type WaitForOptions,
} from './client/deliveries-client.js';
