// README truths that can be checked: the Node version, how the package is installed, what npm
// start does, and that every script and test folder the README names exists.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  engines: { node: string }; scripts: Record<string, string>; exports: Record<string, unknown>;
};

test("the README's Node version is package.json's engines", () => {
  const min = /^>=(\d+\.\d+)$/.exec(pkg.engines.node)?.[1];
  assert.ok(min, pkg.engines.node);
  assert.match(README, new RegExp(`Node ${min.replace('.', '\\.')} or later`));
  for (const m of README.matchAll(/Node (\d+\.\d+) or later/g)) assert.equal(m[1], min, m[0]);
});

test('the README does not present the package as published on the registry', () => {
  assert.doesNotMatch(README, /npm install (--save-dev )?pretix-mock\b/);
  assert.match(README, /not published on the npm registry yet/);
});

test('npm start is described as it is: it does not build', () => {
  assert.equal(pkg.scripts.start, 'node scripts/start.mjs');
  assert.match(README, /\| `npm start` \|[^\n]*it does not build/);
});

test('every `npm run X` and `npm test` in the README is a script of package.json', () => {
  const named = new Set([...README.matchAll(/npm run ([a-z:]+)/g)].map((m) => m[1]!));
  for (const name of named) assert.ok(name in pkg.scripts, `npm run ${name}`);
  assert.ok('test' in pkg.scripts && 'test:long' in pkg.scripts);
});

test('every test file the README names exists', () => {
  for (const m of README.matchAll(/`(test\/[\w/.-]+\.test\.ts)`/g)) assert.ok(existsSync(new URL(`../${m[1]}`, import.meta.url)), m[1]);
});

test('npm test is the fast suite test/*.test.ts; the long campaigns live in test/long', () => {
  assert.match(pkg.scripts.test!, / test\/\*\.test\.ts$/);
  assert.match(pkg.scripts['test:long']!, /test\/long\/\*\.test\.ts/);
  const long = readdirSync(new URL('./long/', import.meta.url));
  for (const f of ['fuzz.test.ts', 'delivery-flood.test.ts']) assert.ok(long.includes(f), f);
});

test('the package has a require entry, as the README says', () => {
  const root = pkg.exports['.'] as Record<string, unknown>;
  assert.ok('require' in root && 'import' in root);
  assert.match(README, /`require\('pretix-mock'\)` works in CommonJS projects/);
});
