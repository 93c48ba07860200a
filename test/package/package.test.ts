// The npm package as users get it: `npm pack`, then `npm install <tarball>` into an empty project
// outside the source tree, with production dependencies only. Needs the npm registry (or a warm
// npm cache); run with `npm run test:package`.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { spawn } from 'node:child_process';
import { RunningCli, run } from '../helpers/running-cli.js';
import { msUntilGone, waitForReadyFile } from '../helpers/ready-file.js';
import { AUTH, BIGEVENTS, WEBHOOK_2 } from '../helpers/mock.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
};

let work: string;
let consumer: string;
let tarball: string;
let files: string[];

async function ok(command: string, args: string[], cwd: string, timeoutMs = 180_000) {
  const res = await run(command, args, { cwd, timeoutMs });
  assert.equal(res.code, 0, `${command} ${args.join(' ')} failed in ${cwd}:\n${res.stdout}\n${res.stderr}`);
  return res;
}

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'pretix-mock-package-'));
  await ok('npm', ['pack', '--pack-destination', work], ROOT);
  const packed = (await readdir(work)).filter((f) => f.endsWith('.tgz'));
  assert.deepEqual(packed, [`pretix-mock-${pkg.version}.tgz`]);
  tarball = join(work, packed[0]!);
  files = (await ok('tar', ['-tzf', tarball], work)).stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));

  consumer = join(work, 'consumer');
  await ok('mkdir', [consumer], work);
  await writeFile(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  await ok('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], consumer);
}, { timeout: 300_000 });

after(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

test('the tarball holds dist, openapi, fixtures, docs, README and package.json only', () => {
  const tops = [...new Set(files.map((f) => f.split('/')[0]))].sort();
  assert.deepEqual(tops, ['README.md', 'dist', 'docs', 'fixtures', 'openapi', 'package.json']);
  for (const f of ['dist/bin/pretix-mock.js', 'dist/index.js', 'dist/index.d.ts', 'dist/generated/pretix-api.d.ts', 'openapi/pretix-webhooks.yaml', 'openapi/mock-admin.yaml', 'fixtures/default.json', 'docs/guide.md', 'docs/library.md']) {
    assert.ok(files.includes(f), `${f} is missing from the tarball`);
  }
});

test('the installed package resolves inside the consumer project', async () => {
  const res = await ok(process.execPath, ['--input-type=module', '-e', "console.log(import.meta.resolve('pretix-mock'))"], consumer);
  assert.equal(res.stdout.trim(), `file://${join(consumer, 'node_modules', 'pretix-mock', 'dist', 'index.js')}`);
});

test('npx pretix-mock --help and --version', async () => {
  const help = await ok('npx', ['--no', '--', 'pretix-mock', '--help'], consumer, 60_000);
  assert.match(help.stdout, /^Usage: pretix-mock \[options\]/);
  const version = await ok('npx', ['--no', '--', 'pretix-mock', '--version'], consumer, 60_000);
  assert.equal(version.stdout, `${pkg.version}\n`);
});

test('the installed CLI starts and answers like pretix', async () => {
  const bin = join(consumer, 'node_modules', '.bin', 'pretix-mock');
  const cli = await RunningCli.start([bin], [], { cwd: consumer });
  try {
    const res = await fetch(`${cli.url}${BIGEVENTS}`, { headers: { authorization: AUTH.admin }, signal: AbortSignal.timeout(10_000) });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { count: 1, next: null, previous: null, results: [WEBHOOK_2] });
  } finally {
    assert.equal((await cli.stop()).code, 0);
  }
});

test("startMockServer imported from 'pretix-mock' serves the built-in dataset", async () => {
  const script = `
    import { startMockServer, PACKAGE_VERSION } from 'pretix-mock';
    const mock = await startMockServer();
    const res = await fetch(mock.url + '/api/v1/organizers/bigevents/webhooks/2/', { headers: { Authorization: mock.tokens['sandbox-bigevents-admin'] } });
    const health = await (await fetch(mock.url + '/__admin/health')).json();
    console.log(JSON.stringify({ status: res.status, body: await res.json(), version: PACKAGE_VERSION, health: health.status }));
    await mock.close();
  `;
  await writeFile(join(consumer, 'use-library.mjs'), script);
  const res = await ok(process.execPath, ['use-library.mjs'], consumer, 30_000);
  assert.deepEqual(JSON.parse(res.stdout), { status: 200, body: WEBHOOK_2, version: pkg.version, health: 'ok' });
});

test("the types compile in a TypeScript consumer: 'pretix-mock' and the typed-client types of 'pretix-mock/api'", async () => {
  const source = `
    import { startMockServer, type MockServer, type MockServerOptions } from 'pretix-mock';
    import type { components, paths } from 'pretix-mock/api';
    type Webhook = components['schemas']['Webhook'];
    type ListAnswer = paths['/api/v1/organizers/{organizer}/webhooks/']['get']['responses'][200]['content']['application/json'];
    const options: MockServerOptions = { port: 0, fixtures: 'fixtures.json' };
    const start: (o?: MockServerOptions) => Promise<MockServer> = startMockServer;
    const webhook: Webhook = { id: 1, enabled: true, target_url: 'https://example.com/', all_events: true, limit_events: [], action_types: [], comment: null };
    const answer: ListAnswer = { count: 1, next: null, previous: null, results: [webhook] };
    // @ts-expect-error the spec knows no such field
    const wrong: Webhook = { ...webhook, colour: 'red' };
    export { options, start, answer, wrong };
  `;
  await writeFile(join(consumer, 'consumer.ts'), source);
  const tsconfig = { compilerOptions: { module: 'NodeNext', target: 'ES2022', strict: true, skipLibCheck: false, noEmit: true, types: [] }, files: ['consumer.ts'] };
  await writeFile(join(consumer, 'tsconfig.json'), JSON.stringify(tsconfig));
  await ok(process.execPath, [TSC, '-p', 'tsconfig.json'], consumer, 180_000);
});

test('the built code imports only Node built-ins and production dependencies', async () => {
  const dist = join(consumer, 'node_modules', 'pretix-mock', 'dist');
  const js = (await readdir(dist, { recursive: true })).filter((f) => f.endsWith('.js'));
  const imported = new Set<string>();
  for (const f of js) {
    const text = await readFile(join(dist, f), 'utf8');
    for (const m of text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm)) imported.add((m[1] ?? m[2])!);
  }
  const external = [...imported].filter((s) => !s.startsWith('.'));
  const packageOf = (s: string) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!);
  const unknown = external.filter((s) => !s.startsWith('node:') && !builtinModules.includes(s) && !(packageOf(s) in pkg.dependencies));
  assert.deepEqual(unknown, []);
  assert.ok(external.includes('express'), 'the scan found the imports');
});

test('a CommonJS project (npm init -y): require, the node:test example, and the types', async () => {
  const cjs = join(work, 'commonjs');
  await ok('mkdir', [cjs], work);
  await ok('npm', ['init', '-y'], cjs);
  assert.equal((JSON.parse(await readFile(join(cjs, 'package.json'), 'utf8')) as { type?: string }).type ?? 'commonjs', 'commonjs');
  await ok('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], cjs);
  const script = `
    const { startMockServer, BUILT_IN_TOKENS } = require('pretix-mock');
    (async () => {
      const mock = await startMockServer();
      const res = await fetch(mock.url + '/api/v1/organizers/bigevents/webhooks/2/', { headers: { Authorization: mock.tokens['sandbox-bigevents-admin'] } });
      const count = await mock.countRequests();
      await mock.reset();
      console.log(JSON.stringify({ status: res.status, count, after: await mock.countRequests(), tokens: BUILT_IN_TOKENS.length }));
      await mock.close();
    })();
  `;
  await writeFile(join(cjs, 'use.js'), script);
  const res = await ok(process.execPath, ['use.js'], cjs, 60_000);
  assert.deepEqual(JSON.parse(res.stdout), { status: 200, count: 1, after: 0, tokens: 8 });

  const example = await readFile(join(ROOT, 'examples', 'node-test', 'webhooks-commonjs.test.cjs'), 'utf8');
  await writeFile(join(cjs, 'webhooks.test.js'), example); // a .js file, CommonJS in this project
  await ok(process.execPath, ['--test', 'webhooks.test.js'], cjs, 120_000);

  const source = `
    import { startMockServer, type ChildMockServer, type BuiltInToken } from 'pretix-mock';
    export async function main(): Promise<string> {
      const mock: ChildMockServer<BuiltInToken> = await startMockServer();
      // @ts-expect-error no such token in the built-in dataset
      void mock.tokens['sandbox-bigevent-admin'];
      await mock.close();
      return mock.tokens['sandbox-bigevents-admin'];
    }
  `;
  await writeFile(join(cjs, 'consumer.ts'), source);
  const tsconfig = { compilerOptions: { module: 'NodeNext', target: 'ES2022', strict: true, skipLibCheck: false, noEmit: true, types: [] }, files: ['consumer.ts'] };
  await writeFile(join(cjs, 'tsconfig.json'), JSON.stringify(tsconfig));
  await ok(process.execPath, [TSC, '-p', 'tsconfig.json'], cjs, 180_000);
});

test('npx pretix-mock: SIGTERM to npx only, and the port is free within a second', async () => {
  const file = join(work, 'npx-ready.json');
  const npx = spawn('npx', ['--no', '--', 'pretix-mock', '--port', '0', '--ready-file', file], { cwd: consumer, stdio: 'ignore' });
  const ready = await waitForReadyFile(file, 60_000, () => npx.exitCode === null);
  await fetch(`${ready.url}/__admin/faults`); // its warm-up is over
  npx.kill('SIGTERM');
  const ms = await msUntilGone(ready.port, ready.pid, 1000);
  assert.ok(ms <= 1000, `pid ${ready.pid} or port ${ready.port} still there a second after npx got SIGTERM`);
});

test('jest with TypeScript through @swc/jest, in a CommonJS project: examples/jest', async () => {
  const dir = join(work, 'jest');
  await ok('mkdir', [dir], work);
  await ok('npm', ['init', '-y'], dir);
  // Pinned like the project's own dependencies; they come from the registry (or a warm cache).
  await ok('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--save-dev', tarball, 'jest@30.2.0', '@swc/jest@0.2.39', '@swc/core@1.15.3'], dir, 600_000);
  for (const f of ['jest.config.cjs', 'webhooks.test.ts']) await writeFile(join(dir, f), await readFile(join(ROOT, 'examples', 'jest', f), 'utf8'));
  const res = await ok('npx', ['--no', '--', 'jest', '--ci'], dir, 300_000);
  assert.match(res.stderr, /Tests: {7}2 passed, 2 total/);
});
