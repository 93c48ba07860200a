#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import { parseLatency, type LatencyRange } from '../pipeline/phases/latency.js';
import { createLogger, LOG_LEVELS } from '../logging/logger.js';
import { startMockServer, type MockServer } from '../server/start-mock-server.js';
import { watchLifeline } from './lifeline.js';
import { portOf, startFailure, writeReadyFile } from './ready.js';
import { DEFAULT_MAX_BODY_SIZE } from '../app/create-app.js';
import { DEFAULT_DELIVERY } from '../delivery/delivery-hub.js';
import { DEFAULT_JOURNAL_SIZE } from '../runtime/mock-runtime.js';
import { DEFAULT_HEADERS_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS } from '../server/options.js';
import { BATCH_INTERVAL_MS, DEFAULT_FSYNC, FSYNC_MODES, type FsyncMode } from '../store/durable-file.js';
import { DEFAULT_SANDBOX_POLICY } from '../store/store.js';
import { PACKAGE_VERSION, PRETIX_VERSION } from '../version.js';

function integer(min: number, max: number) {
  return (value: string) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`must be an integer from ${min} to ${max}.`);
    return n;
  };
}

function decimal(min: number, max: number, { exclusiveMin = false } = {}) {
  return (value: string) => {
    const n = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value) || (exclusiveMin ? n <= min : n < min) || n > max) {
      throw new InvalidArgumentError(exclusiveMin ? `must be a number above ${min}, at most ${max}.` : `must be a number from ${min} to ${max}.`);
    }
    return n;
  };
}

function latencyArg(value: string): LatencyRange {
  if (value.trim() === '') return { min: 0, max: 0 }; // an empty variable (PRETIX_MOCK_LATENCY=) means none
  try {
    return parseLatency(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

function siteUrlArg(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('must be an http or https URL, like https://pretix.example.com');
  }
  if (!/^https?:$/.test(url.protocol) || url.pathname !== '/' || url.search || url.hash) throw new InvalidArgumentError('must be an http or https origin, like https://pretix.example.com');
  return url.origin;
}

function secondsArg(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(n > 0) || n > 31_536_000) throw new InvalidArgumentError('must be a number of seconds above 0 (at most a year).');
  return n;
}

function headerValue(value: string): string {
  if (!/^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(value)) throw new InvalidArgumentError('must be printable ASCII without surrounding spaces.');
  return value;
}

const program = new Command('pretix-mock')
  .description("A faithful mock of pretix's REST API (organizer webhooks) for local development and contract tests.")
  .version(PACKAGE_VERSION, '-V, --version')
  .addOption(new Option('-p, --port <port>', 'port to listen on').env('PORT').default(8080).argParser(integer(0, 65535)))
  .addOption(new Option('-H, --host <address>', 'address to bind').env('HOST').default('127.0.0.1'))
  .addOption(new Option('-f, --fixtures <file>', 'fixture file to start from (default: the built-in dataset)').env('PRETIX_MOCK_FIXTURES'))
  .addOption(new Option('-d, --data <file>', 'keep state durably in this lowdb JSON file (created from the fixtures if missing)').env('PRETIX_MOCK_DATA'))
  .addOption(new Option('--fsync <when>', `with --data: fsync each write before its answer (always), in groups at most every ${BATCH_INTERVAL_MS} ms before their answers (batch), or not at all: survives a killed process, not an OS crash (never)`).env('PRETIX_MOCK_FSYNC').default(DEFAULT_FSYNC).choices(FSYNC_MODES))
  .addOption(new Option('--redis <url>', 'share datasets, sandboxes and idempotency keys with other replicas through this Redis (redis://host:port)').env('PRETIX_MOCK_REDIS'))
  .addOption(new Option('--redis-snapshot-every <entries>', 'with --redis: store a snapshot of the world in Redis after this many log entries and trim the log, bounding a new replica\'s replay').env('PRETIX_MOCK_REDIS_SNAPSHOT_EVERY').default(10_000).argParser(integer(1, 100_000_000)))
  .addOption(new Option('--spec <file>', 'OpenAPI document to validate against (default: the built-in one)'))
  .addOption(new Option('--site-url <url>', "pretix's site URL, in the Content-Security-Policy of each answer and the public_url of organizers and events (default: the mock's own origin; set it behind a proxy)").env('PRETIX_MOCK_SITE_URL').argParser(siteUrlArg))
  .addOption(new Option('-w, --watch', 'reload --fixtures and --spec when they change (a broken version is logged, the old one stays)'))
  .addOption(new Option('--max-body-size <bytes>', 'bodies above this size get 413').default(DEFAULT_MAX_BODY_SIZE).argParser(integer(1, 1 << 30)))
  .addOption(new Option('--retry-time-scale <factor>', "multiplies pretix's webhook retry intervals; 0.001 runs the 59-hour schedule in about 3.5 minutes").default(DEFAULT_DELIVERY.retryTimeScale).argParser(decimal(0, 1000)))
  .addOption(new Option('--delivery-timeout <seconds>', 'webhook call timeout in seconds: connecting, and each silence while waiting for the answer (pretix: 30)').default(DEFAULT_DELIVERY.timeoutSeconds).argParser(decimal(0, 3600, { exclusiveMin: true })))
  .addOption(new Option('--block-private-networks', 'refuse webhook targets in private, loopback, link-local, multicast and CGNAT networks after DNS, like pretix.eu (default: allowed)'))
  .addOption(new Option('--delivery-user-agent <text>', `User-Agent of webhook calls (pretix ${PRETIX_VERSION}'s)`).default(DEFAULT_DELIVERY.userAgent).argParser(headerValue))
  .addOption(new Option('--delivery-log-size <records>', 'webhook attempts the delivery log keeps (all sandboxes)').default(DEFAULT_DELIVERY.logSize).argParser(integer(1, 1_000_000)))
  .addOption(new Option('--delivery-queue-size <calls>', 'per sandbox: webhook calls waiting to be sent or to be retried; new ones beyond it are dropped and logged').default(DEFAULT_DELIVERY.queueSize).argParser(integer(1, 1_000_000)))
  .addOption(new Option('--delivery-concurrency <calls>', 'per sandbox and target host: webhook calls at once').default(DEFAULT_DELIVERY.perHostConcurrency).argParser(integer(1, 1000)))
  .addOption(new Option('--log-level <level>', 'log level').env('LOG_LEVEL').default('info').choices(LOG_LEVELS))
  .addOption(new Option('--journal-size <n>', 'requests the journal keeps (0 turns it off)').env('PRETIX_MOCK_JOURNAL_SIZE').default(DEFAULT_JOURNAL_SIZE).argParser(integer(0, 100_000)))
  .addOption(new Option('--latency <ms>', 'delay every pretix API answer: 50, or a range like 20-80').env('PRETIX_MOCK_LATENCY').argParser(latencyArg))
  .addOption(new Option('--admin-token <token>', 'require "Authorization: Bearer <token>" on /__admin/ (needed on a non-loopback address)').env('PRETIX_MOCK_ADMIN_TOKEN'))
  .addOption(new Option('--coverage-report <file>', 'on stop, write the contract coverage to FILE (JSON) and a Markdown summary beside it').env('PRETIX_MOCK_COVERAGE_REPORT'))
  .addOption(new Option('--max-sandboxes <n>', 'how many sandboxes may exist at once').env('PRETIX_MOCK_MAX_SANDBOXES').default(DEFAULT_SANDBOX_POLICY.maxSandboxes).argParser(integer(1, 10_000)))
  .addOption(new Option('--sandbox-ttl <seconds>', 'remove a sandbox unused for this long').env('PRETIX_MOCK_SANDBOX_TTL').default(DEFAULT_SANDBOX_POLICY.idleTtlMs / 1000).argParser(secondsArg))
  .addOption(new Option('--headers-timeout <seconds>', 'a client must send its request headers within this time, else 408').default(DEFAULT_HEADERS_TIMEOUT_MS / 1000).argParser(secondsArg))
  .addOption(new Option('--request-timeout <seconds>', 'a client must send its whole request within this time, else 408').default(DEFAULT_REQUEST_TIMEOUT_MS / 1000).argParser(secondsArg))
  .addOption(new Option('--log-format <format>', 'log lines: pretty, or json (then the banner is one JSON "ready" line); default pretty on a terminal, else JSON lines after a text banner').choices(['pretty', 'json']))
  .addOption(new Option('--ready-file <file>', 'once the server is ready, write {url, port, pid, tokens, version} as JSON to FILE (removed on stop)'))
  .addOption(new Option('--stop-with-stdin', 'stop when standard input closes (keep the pipe open while you need the server)'))
  .addOption(new Option('--no-parent-watch', 'keep running when the process that started it exits (default: stop, so no server is orphaned)'))
  .showHelpAfterError('(run pretix-mock --help for the options)')
  .exitOverride((err) => {
    process.exit(err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : 2);
  });

// An empty variable (`PORT=` in a compose file) means "not set", not an invalid value.
for (const option of program.options) {
  if (option.envVar && process.env[option.envVar] === '') delete process.env[option.envVar];
}
program.parse();
const opts = program.opts<{
  port: number; host: string; fixtures?: string; data?: string; fsync: FsyncMode; redis?: string; redisSnapshotEvery: number; spec?: string; maxBodySize: number; logLevel: (typeof LOG_LEVELS)[number];
  retryTimeScale: number; deliveryTimeout: number; blockPrivateNetworks?: boolean; deliveryUserAgent: string; deliveryLogSize: number; deliveryQueueSize: number;
  deliveryConcurrency: number;
  journalSize: number; latency?: LatencyRange; adminToken?: string; coverageReport?: string; maxSandboxes: number; sandboxTtl: number;
  headersTimeout: number; requestTimeout: number; siteUrl?: string; watch?: boolean;
  logFormat?: 'pretty' | 'json'; readyFile?: string; stopWithStdin?: boolean; parentWatch: boolean;
}>();

const logger = createLogger({ level: opts.logLevel, pretty: opts.logFormat === undefined ? process.stdout.isTTY : opts.logFormat === 'pretty' });
let removeReadyFile = () => {};

const ACCESS = {
  open: 'open on loopback',
  guarded: 'needs Authorization: Bearer <admin token>',
  disabled: 'DISABLED: non-loopback address without --admin-token',
} as const;

// Signals and the lifeline are handled from the start: a stop asked for while the server starts
// waits for it (a default SIGTERM would skip the clean stop).
let server: MockServer | undefined;
let stopRequest: string | undefined;
let stopping = false;
function stop(signal: string): void {
  if (!server) {
    if (stopRequest) process.exit(1); // asked twice while starting
    stopRequest = signal;
    return;
  }
  if (stopping) process.exit(1);
  stopping = true;
  logger.info({ signal }, 'stopping');
  removeReadyFile();
  server.close().then(
    () => logger.flush(() => process.exit(0)),
    (err: unknown) => {
      process.stderr.write(`pretix-mock: error while stopping: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
watchLifeline(stop, { parent: opts.parentWatch, stdin: opts.stopWithStdin === true });

try {
  server = await startMockServer({
    port: opts.port, host: opts.host, fixtures: opts.fixtures, data: opts.data, fsync: opts.fsync, redis: opts.redis, redisSnapshotEvery: opts.redisSnapshotEvery, spec: opts.spec, maxBodySize: opts.maxBodySize, logger,
    siteUrl: opts.siteUrl,
    delivery: {
      retryTimeScale: opts.retryTimeScale, timeoutSeconds: opts.deliveryTimeout, blockPrivateNetworks: opts.blockPrivateNetworks === true,
      userAgent: opts.deliveryUserAgent, logSize: opts.deliveryLogSize, queueSize: opts.deliveryQueueSize, perHostConcurrency: opts.deliveryConcurrency,
    },
    journalSize: opts.journalSize, latency: opts.latency, adminToken: opts.adminToken || undefined, coverageReport: opts.coverageReport,
    maxSandboxes: opts.maxSandboxes, sandboxTtl: opts.sandboxTtl,
    headersTimeout: Math.round(opts.headersTimeout * 1000), requestTimeout: Math.round(opts.requestTimeout * 1000),
    watch: opts.watch === true,
    onReady: (ready) => {
      const info = { url: ready.url, port: portOf(ready.url), pid: process.pid, tokens: ready.tokens, version: PACKAGE_VERSION };
      if (opts.readyFile) removeReadyFile = writeReadyFile(opts.readyFile, info);
      if (opts.logFormat === 'json') logger.info({ event: 'ready', ...info, controlPlane: ready.controlPlane }, `pretix-mock ${PACKAGE_VERSION} listening on ${ready.url}`);
      else printBanner(ready);
    },
  });
  if (stopRequest) stop(stopRequest);
} catch (err) {
  removeReadyFile();
  process.stderr.write(`pretix-mock: ${startFailure(err, opts.port)}\n`);
  process.exit(1);
}

/** The human banner, printed before the first request is served. */
function printBanner(server: { url: string; tokens: Record<string, string>; controlPlane: keyof typeof ACCESS }): void {
  const lines = Object.values(server.tokens).map((auth) => `  Authorization: ${auth}`);
  process.stdout.write(
    `pretix-mock ${PACKAGE_VERSION} listening on ${server.url}\n` +
      `Try: curl -H 'Authorization: Token sandbox-bigevents-admin' ${server.url}/api/v1/organizers/bigevents/webhooks/\n` +
      `Credentials of the dataset:\n${lines.join('\n')}\n` +
      (opts.watch ? `Watching ${[opts.fixtures, opts.spec].filter(Boolean).join(' and ')} for changes\n` : '') +
      (opts.redis ? `State is shared through Redis ${opts.redis}\n` : '') +
      (opts.data ? `State is kept in ${opts.data} (fsync ${opts.fsync}; sandboxes stay in memory)\n` : opts.redis ? '' : 'State is in memory and starts fresh each time.\n') +
      `Control plane: ${server.url}/__admin/ (${ACCESS[server.controlPlane]})\n` +
      `Webhook delivery: timeout ${opts.deliveryTimeout} s, retries at ${opts.retryTimeScale}x pretix's schedule, ` +
      `private networks ${opts.blockPrivateNetworks ? 'blocked' : 'allowed'}; log: ${server.url}/__admin/deliveries\n`,
  );
}
