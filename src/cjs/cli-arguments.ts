/** What the CommonJS `startMockServer` takes: the library's options that the CLI has flags for. */
export interface ChildServerOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Address to bind. Default `127.0.0.1`. */
  host?: string;
  /** A fixture file path or a fixture document. Default: the built-in dataset. */
  fixtures?: string | object;
  /** Keep the shared dataset durably in this lowdb JSON file. */
  data?: string;
  /** Path of the OpenAPI document. */
  spec?: string;
  /** Bodies larger than this many bytes get 413. */
  maxBodySize?: number;
  /** Requests the journal keeps; 0 turns it off. */
  journalSize?: number;
  /** Delay added to every pretix API answer: ms, `{ min, max }`, or `'50'` / `'20-80'`. */
  latency?: number | string | { min: number; max: number };
  /** Requires `Authorization: Bearer <adminToken>` on `/__admin/`. */
  adminToken?: string;
  /** On close(), write the coverage matrix to this JSON file. */
  coverageReport?: string;
  maxSandboxes?: number;
  /** Seconds. */
  sandboxTtl?: number;
  /** Milliseconds (the CLI takes seconds). */
  headersTimeout?: number;
  /** Milliseconds (the CLI takes seconds). */
  requestTimeout?: number;
  delivery?: { retryTimeScale?: number; timeoutSeconds?: number; blockPrivateNetworks?: boolean; logSize?: number; queueSize?: number; perHostConcurrency?: number };
  /** Log to this process's stdout at this level. Default: no log. */
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
  /** How long to wait for the server to be ready. Default 30,000 ms. */
  startTimeoutMs?: number;
}

/** The CLI flags for the options (fixtures already a file path). */
export function cliArguments(o: ChildServerOptions & { fixtures?: string }): string[] {
  const flags: Array<[string, unknown]> = [
    ['--port', o.port ?? 0], ['--host', o.host], ['--fixtures', o.fixtures], ['--data', o.data], ['--spec', o.spec],
    ['--max-body-size', o.maxBodySize], ['--journal-size', o.journalSize],
    ['--latency', typeof o.latency === 'object' ? `${o.latency.min}-${o.latency.max}` : o.latency],
    ['--admin-token', o.adminToken], ['--coverage-report', o.coverageReport], ['--max-sandboxes', o.maxSandboxes], ['--sandbox-ttl', o.sandboxTtl],
    ['--headers-timeout', o.headersTimeout === undefined ? undefined : o.headersTimeout / 1000],
    ['--request-timeout', o.requestTimeout === undefined ? undefined : o.requestTimeout / 1000],
    ['--retry-time-scale', o.delivery?.retryTimeScale], ['--delivery-timeout', o.delivery?.timeoutSeconds],
    ['--delivery-log-size', o.delivery?.logSize], ['--delivery-queue-size', o.delivery?.queueSize], ['--delivery-concurrency', o.delivery?.perHostConcurrency],
    ['--log-level', o.logLevel ?? 'silent'],
  ];
  const args = flags.filter(([, v]) => v !== undefined).flatMap(([flag, v]) => [flag, String(v)]);
  if (o.delivery?.blockPrivateNetworks) args.push('--block-private-networks');
  return args;
}
