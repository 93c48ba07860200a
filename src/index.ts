/**
 * pretix-mock as a library. Start a server for your tests with `startMockServer`, connect to one
 * that runs elsewhere (Docker) with `connectMockServer`, or build the Express app yourself with
 * `createApp` and mount or serve it however you like.
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
export { startMockServer, writeCoverageReport, credentialsOf, MockServer, type MockServerOptions } from './server/start-mock-server.js';
export { connectMockServer, MockClient, MockSandbox, DatasetHandle, type FaultsApi, type RequestFilter } from './client/mock-client.js';
export { MockAdminError, type AdminHttpOptions } from './client/admin-http.js';
export type * from './control/types.js';
export { createApp, DEFAULT_MAX_BODY_SIZE, type AppOptions } from './app/create-app.js';
export { ControlPlane, DEFAULT_JOURNAL_SIZE, type ControlPlaneOptions } from './control/control-plane.js';
export { parseLatency, type LatencyRange } from './pipeline/phases/latency.js';
export type { AdminAccess } from './control/admin-guard.js';
export { loadSpec, SpecError, type LoadedSpec } from './spec/load-spec.js';
export { Store, DEFAULT_SANDBOX_POLICY, type StoreOptions, type SandboxPolicy } from './store/store.js';
export { checkFixture, readFixtureFile, FixtureError } from './store/fixture.js';
export type { Fixture, WebhookRecord } from './store/fixture-types.js';
export { BUILT_IN_TOKENS, type BuiltInToken } from './store/built-in-tokens.js';
export { RESET_PARTS, type ResetPart } from './control/reset-parts.js';
export { compileSchemaCheck } from './spec/schema-check.js';
export { createLogger } from './logging/logger.js';
export { PACKAGE_VERSION, PRETIX_VERSION } from './version.js';
export type { Health } from './control/health.js';
export { DeliveryHub, DEFAULT_DELIVERY, DELIVERY_USER_AGENT, type DeliveryOptions } from './delivery/delivery-hub.js';
export {
  DeliveriesApi, type DeliveryList, type DeliveryListFilter, type DeliveryRecord, type NotifyRequest,
  type NotifyResult, type PendingRetry, type RetrySelection, type WaitForOptions,
} from './client/deliveries-api.js';
