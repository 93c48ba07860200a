import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cliUrl, exitOf, spawnCli } from './helpers/cli.js';
import { AUTH, BIGEVENTS } from './helpers/mock.js';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pretix-mock-cli-'));
});
after(() => rm(dir, { recursive: true, force: true }));

/** A port the OS reports free right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('--help describes the flags and exits 0', async () => {
  const run = spawnCli(['--help']);
  assert.equal(await exitOf(run), 0);
  for (const flag of ['--port', '--host', '--fixtures', '--data', '--log-level', '--version']) assert.ok(run.stdout().includes(flag), flag);
});

test('--version prints the package version', async () => {
  const run = spawnCli(['--version']);
  assert.equal(await exitOf(run), 0);
  assert.equal(run.stdout().trim(), pkg.version);
});

describe('bad flags exit 2 with a clear message', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--nope'], /unknown option '--nope'/],
    [['--port', 'abc'], /option '-p, --port <port>' argument 'abc' is invalid\. must be an integer from 0 to 65535\./],
    [['--port', '70000'], /must be an integer from 0 to 65535/],
    [['--log-level', 'loud'], /Allowed choices are fatal, error, warn, info, debug, trace, silent/],
    [['--max-body-size', '0'], /must be an integer from 1/],
    [['stray'], /too many arguments/],
  ];
  for (const [args, message] of cases) {
    test(args.join(' '), async () => {
      const run = spawnCli(args);
      assert.equal(await exitOf(run), 2);
      assert.match(run.stderr(), message);
    });
  }
});

describe('start-up failures exit 1 and name the problem', () => {
  test('a fixture file that does not validate', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ organizers: [{ slug: 'x', name: 'X' }], webhooks: [{ id: 1, organizer: 'y', target_url: 'https://a.example/', action_types: [] }] }));
    const run = spawnCli(['--port', '0', '--fixtures', file]);
    assert.equal(await exitOf(run), 1);
    assert.equal(run.stderr().trim(), `pretix-mock: invalid fixture ${file}: /webhooks/0/organizer: unknown organizer "y"`);
  });

  test('a broken OpenAPI document', async () => {
    const file = join(dir, 'broken.yaml');
    await writeFile(file, 'openapi: 3.0.3\ninfo: {title: x, version: "1"}\npaths:\n  /x:\n    get:\n      responses: {"200": {$ref: "#/components/responses/Missing"}}\n');
    const run = spawnCli(['--port', '0', '--spec', file]);
    assert.equal(await exitOf(run), 1);
    assert.match(run.stderr(), new RegExp(`^pretix-mock: OpenAPI document ${file} is broken: .*Missing`));
  });

  test('a port that is taken', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const run = spawnCli(['--port', String(port)]);
      assert.equal(await exitOf(run), 1);
      assert.match(run.stderr(), /EADDRINUSE/);
    } finally {
      server.close();
    }
  });
});

describe('serving', () => {
  test('prints the URL and the credentials, serves, and stops cleanly on SIGTERM and SIGINT', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const run = spawnCli(['--port', '0', '--log-level', 'silent']);
      const url = await cliUrl(run);
      assert.match(run.stdout(), /Authorization: Token sandbox-bigevents-admin\n/);
      assert.match(run.stdout(), /Authorization: Bearer sandbox-bigevents-oauth-read\n/);
      const res = await fetch(url + BIGEVENTS, { headers: { authorization: AUTH.admin } });
      assert.equal(res.status, 200);
      run.child.kill(signal);
      assert.equal(await exitOf(run, 5000), 0);
    }
  });

  test('PORT and HOST come from the environment (empty means unset); --port wins over PORT', async () => {
    const envPort = await freePort();
    const fromEnv = spawnCli([], { PORT: String(envPort), HOST: '127.0.0.1', LOG_LEVEL: '' });
    assert.equal(await cliUrl(fromEnv), `http://127.0.0.1:${envPort}`);
    fromEnv.child.kill('SIGTERM');
    await exitOf(fromEnv);
    const flagPort = await freePort();
    const fromFlag = spawnCli(['--port', String(flagPort)], { PORT: '1' });
    assert.equal(await cliUrl(fromFlag), `http://127.0.0.1:${flagPort}`);
    fromFlag.child.kill('SIGTERM');
    await exitOf(fromFlag);
  });

  test('writes acknowledged before a SIGKILL survive the restart', async () => {
    const file = join(dir, 'killed.json');
    const first = spawnCli(['--port', '0', '--data', file, '--log-level', 'silent']);
    const url = await cliUrl(first);
    const body = JSON.stringify({ target_url: 'https://example.com/', limit_events: [], action_types: ['pretix.event.order.paid'] });
    const answers = await Promise.all(
      Array.from({ length: 40 }, () =>
        fetch(url + BIGEVENTS, { method: 'POST', headers: { authorization: AUTH.admin, 'content-type': 'application/json' }, body }),
      ),
    );
    assert.ok(answers.every((a) => a.status === 201));
    first.child.kill('SIGKILL');
    assert.equal(await exitOf(first), 'SIGKILL');
    const second = spawnCli(['--port', '0', '--data', file, '--log-level', 'silent']);
    const url2 = await cliUrl(second);
    const list = await fetch(`${url2}${BIGEVENTS}?page_size=50`, { headers: { authorization: AUTH.admin } });
    assert.equal(((await list.json()) as { count: number }).count, 41);
    second.child.kill('SIGTERM');
    assert.equal(await exitOf(second), 0);
  });
});
