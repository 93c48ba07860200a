// Documentation truths that can be checked: the Node version, how the package is installed, what
// npm start does, and that every script and test file the README and docs/ name exists.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
/** README.md and every docs/*.md, keyed by their path from the repository root. */
const DOCS = new Map(['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)].map((p) => [p, read(p)]));
const ALL = [...DOCS.values()].join('\n');
const GUIDE = DOCS.get('docs/guide.md')!;
const pkg = JSON.parse(read('package.json')) as {
  engines: { node: string }; scripts: Record<string, string>; exports: Record<string, unknown>;
};

test("the guide's Node version is package.json's engines", () => {
  const min = /^>=(\d+\.\d+)$/.exec(pkg.engines.node)?.[1];
  assert.ok(min, pkg.engines.node);
  assert.match(GUIDE, new RegExp(`Node ${min.replace('.', '\\.')} or later`));
  for (const m of ALL.matchAll(/Node (\d+\.\d+) or later/g)) assert.equal(m[1], min, m[0]);
});

test('the docs do not present the package as published on the registry', () => {
  assert.doesNotMatch(ALL, /npm install (--save-dev )?pretix-mock\b/);
  assert.match(DOCS.get('README.md')!, /not published on the npm registry yet/);
  assert.match(GUIDE, /not published on the npm registry yet/);
});

test('npm start is described as it is: it does not build', () => {
  assert.equal(pkg.scripts.start, 'node scripts/start.mjs');
  assert.match(DOCS.get('docs/development.md')!, /\| `npm start` \|[^\n]*it does not build/);
});

test('every `npm run X` and `npm test` in the docs is a script of package.json', () => {
  const named = new Set([...ALL.matchAll(/npm run ([a-z:]+)/g)].map((m) => m[1]!));
  for (const name of named) assert.ok(name in pkg.scripts, `npm run ${name}`);
  assert.ok('test' in pkg.scripts && 'test:long' in pkg.scripts);
});

test('every test file the docs name exists', () => {
  for (const m of ALL.matchAll(/`(test\/[\w/.-]+\.test\.ts)`/g)) assert.ok(existsSync(join(ROOT, m[1]!)), m[1]);
});

test('npm test is the fast suite test/*.test.ts; the long campaigns live in test/long', () => {
  assert.match(pkg.scripts.test!, / test\/\*\.test\.ts$/);
  assert.match(pkg.scripts['test:long']!, /test\/long\/\*\.test\.ts/);
  const long = readdirSync(new URL('./long/', import.meta.url));
  for (const f of ['fuzz.test.ts', 'delivery-flood.test.ts']) assert.ok(long.includes(f), f);
});

test('the package has a require entry, as the guide says', () => {
  const root = pkg.exports['.'] as Record<string, unknown>;
  assert.ok('require' in root && 'import' in root);
  assert.match(GUIDE, /`require\('pretix-mock'\)` works in CommonJS projects/);
});
