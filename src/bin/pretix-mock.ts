#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import { createLogger, LOG_LEVELS } from '../logging/logger.js';
import { startMockServer } from '../server.js';
import { PACKAGE_VERSION } from '../version.js';

function integer(min: number, max: number) {
  return (value: string) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`must be an integer from ${min} to ${max}.`);
    return n;
  };
}

const program = new Command('pretix-mock')
  .description("A faithful mock of pretix's REST API (organizer webhooks) for local development and contract tests.")
  .version(PACKAGE_VERSION, '-V, --version')
  .addOption(new Option('-p, --port <port>', 'port to listen on').env('PORT').default(8080).argParser(integer(0, 65535)))
  .addOption(new Option('-H, --host <address>', 'address to bind').env('HOST').default('127.0.0.1'))
  .addOption(new Option('-f, --fixtures <file>', 'fixture file to start from (default: the built-in dataset)').env('PRETIX_MOCK_FIXTURES'))
  .addOption(new Option('-d, --data <file>', 'keep state durably in this lowdb JSON file (created from the fixtures if missing)').env('PRETIX_MOCK_DATA'))
  .addOption(new Option('--spec <file>', 'OpenAPI document to validate against (default: the built-in one)'))
  .addOption(new Option('--max-body-size <bytes>', 'bodies above this size get 413').default(2_621_440).argParser(integer(1, 1 << 30)))
  .addOption(new Option('--log-level <level>', 'log level').env('LOG_LEVEL').default('info').choices(LOG_LEVELS))
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
  port: number; host: string; fixtures?: string; data?: string; spec?: string; maxBodySize: number; logLevel: (typeof LOG_LEVELS)[number];
}>();

const logger = createLogger({ level: opts.logLevel, pretty: process.stdout.isTTY });

try {
  const server = await startMockServer({
    port: opts.port, host: opts.host, fixtures: opts.fixtures, data: opts.data, spec: opts.spec, maxBodySize: opts.maxBodySize, logger,
  });
  const lines = Object.values(server.tokens).map((auth) => `  Authorization: ${auth}`);
  process.stdout.write(
    `pretix-mock ${PACKAGE_VERSION} listening on ${server.url}\n` +
      `Try: curl -H 'Authorization: Token sandbox-bigevents-admin' ${server.url}/api/v1/organizers/bigevents/webhooks/\n` +
      `Credentials of the dataset:\n${lines.join('\n')}\n` +
      (opts.data ? `State is kept in ${opts.data}\n` : 'State is in memory and starts fresh each time.\n'),
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'stopping');
    server.close().then(
      () => logger.flush(() => process.exit(0)),
      (err: unknown) => {
        process.stderr.write(`pretix-mock: error while stopping: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (err) {
  process.stderr.write(`pretix-mock: ${(err as Error).message}\n`);
  process.exit(1);
}
