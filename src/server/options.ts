import type { AdminAccess } from '../control/admin-guard.js';
import type { DeliveryOptions } from '../delivery/delivery-hub.js';
import type { Logger } from '../logging/logger.js';
import { CHECKED_FIXTURE_PATH, DEFAULT_FIXTURES_PATH } from '../paths.js';
import { parseLatency, type LatencyRange } from '../pipeline/phases/latency.js';
import type { IdempotencyOptions } from '../runtime/idempotency-keys.js';
import type { LoadedSpec } from '../spec/load-spec.js';
import { compileSchemaCheck } from '../spec/schema-check.js';
import { readCheckedFixture } from '../store/checked-fixture.js';
import { checkFixture, readFixtureFile } from '../store/fixture.js';
import type { Fixture } from '../store/fixture-types.js';
import type { FsyncMode } from '../store/durable-file.js';

/** Milliseconds a client may take to send the request headers (then 408). */
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
/** Milliseconds a client may take to send the whole request (then 408). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export type { AdminAccess };

export interface MockServerOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Address to bind. Default `127.0.0.1`. Any non-loopback address guards `/__admin/` (see `adminToken`). */
  host?: string;
  /** A fixture file path or a fixture document. Default: the built-in dataset (fixtures/default.json). */
  fixtures?: string | object;
  /** Keep the shared dataset durably in this lowdb JSON file (created from the fixtures if missing). Sandboxes stay in memory. */
  data?: string;
  /** With `data`: when a write reaches the disk, `always`, `batch` or `never` (the default); see docs/guide.md, State. */
  fsync?: FsyncMode;
  /**
   * Share the world (datasets, sandboxes, webhooks, id sequences, idempotency keys) with other
   * replicas through this Redis, `redis://host:port`. See docs/scaling.md.
   */
  redis?: string;
  /** With `redis`: a snapshot of the world is stored in Redis after this many log entries, and the log trimmed. Default 10,000. */
  redisSnapshotEvery?: number;
  /** Path of the OpenAPI document. Default: the built-in one. */
  spec?: string;
  /** Where logs go. Default: nowhere. */
  logger?: Logger;
  /** Bodies larger than this many bytes get 413. Default 2.5 MiB, Django's limit. */
  maxBodySize?: number;
  /** Bounds of the idempotency key store. */
  idempotency?: IdempotencyOptions;
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
  /** Milliseconds a client may take to send the request headers (then 408). Default 10,000 (DEFAULT_HEADERS_TIMEOUT_MS). */
  headersTimeout?: number;
  /** Milliseconds a client may take to send the whole request (then 408). Default 30,000 (DEFAULT_REQUEST_TIMEOUT_MS). */
  requestTimeout?: number;
  /** The clock of pretix's time-dependent answers (events' `is_past`, `is_future`). Default: the system clock. */
  clock?: () => Date;
  /** pretix's site URL (in each answer's Content-Security-Policy). Default: the mock's own origin (`url`). */
  siteUrl?: string;
  /**
   * Reload the `fixtures` file and the `spec` document when they change (paths only). A broken
   * version is logged and the old one stays. Refused with `data` when fixtures would be watched.
   */
  watch?: boolean;
  /**
   * Called once the server is ready (listening and warmed up), before it serves any request:
   * requests that arrive earlier wait until it returns. The CLI prints its banner here.
   */
  onReady?: (info: { url: string; tokens: Record<string, string>; controlPlane: 'open' | 'guarded' | 'disabled' }) => void;
}

/** Node's slow-client limits: the timeouts, and how often connections are checked against them. */
export function clientTimeouts(options: MockServerOptions) {
  const headersTimeout = options.headersTimeout ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const requestTimeout = options.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT_MS;
  if (!(Number.isInteger(headersTimeout) && headersTimeout > 0 && Number.isInteger(requestTimeout) && requestTimeout >= headersTimeout)) {
    throw new Error('headersTimeout and requestTimeout must be positive integers (ms), requestTimeout at least headersTimeout');
  }
  // Node checks every 30 s by default, so a 10 s limit would act after 10 to 40 s.
  const connectionsCheckingInterval = Math.min(1000, Math.max(25, Math.floor(headersTimeout / 10)));
  return { headersTimeout, requestTimeout, connectionsCheckingInterval };
}

export async function resolveFixtures(spec: LoadedSpec, fixtures: string | object | undefined): Promise<Fixture> {
  if (fixtures === undefined) {
    const checked = await readCheckedFixture(DEFAULT_FIXTURES_PATH, spec.recorded, CHECKED_FIXTURE_PATH);
    if (checked) return checked;
  }
  const check = compileSchemaCheck(spec.dereferenced, 'Fixture');
  if (fixtures === undefined || typeof fixtures === 'string') return readFixtureFile(fixtures ?? DEFAULT_FIXTURES_PATH, check);
  return checkFixture(fixtures, 'the fixtures option', check);
}

export function latencyRange(latency: MockServerOptions['latency']): LatencyRange | undefined {
  if (latency === undefined) return undefined;
  if (typeof latency === 'object') return parseLatency(`${latency.min}-${latency.max}`);
  return parseLatency(String(latency));
}

/** What `watch` watches: the fixture file and the spec document given as paths. */
export function watchedFiles(options: MockServerOptions): { fixtures?: string; spec?: string } {
  const fixtures = typeof options.fixtures === 'string' ? options.fixtures : undefined;
  if (options.data && fixtures) {
    throw new Error(`--watch cannot reload the fixtures with --data: the data file ${options.data} is the state, the fixtures only seed it when it is missing`);
  }
  if (!fixtures && !options.spec) throw new Error('--watch needs --fixtures <file> or --spec <file> to watch');
  return { fixtures, spec: options.spec };
}

