// Documentation truths that can be checked: the Node version, how the package is installed, what
// npm start does, that every script and test file the README and docs/ name exists, and that every
// relative link in them reaches an existing file and, for #anchors, an existing heading.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
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

/** Markdown outside fenced code blocks, with inline code spans blanked (links in them are not links). */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, (code) => code.replace(/[[\]()]/g, ' '));
}

/** GitHub's heading ids (github-slugger): lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const ids = new Set<string>();
  const seen = new Map<string, number>();
  const body = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const [, text] of body.matchAll(/^#{1,6} +(.+?) *#* *$/gm)) {
    const plain = text!.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/<[^>]+>/g, '').replace(/[*`]/g, '');
    const base = plain.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    ids.add(n ? `${base}-${n}` : base);
  }
  for (const [, id] of markdown.matchAll(/<a (?:id|name)="([^"]+)"/g)) ids.add(id!);
  return ids;
}

test('every relative link in README.md and docs/*.md reaches a file and, for #anchors, a heading', () => {
  const broken: string[] = [];
  let checked = 0;
  for (const [from, markdown] of DOCS) {
    for (const [, target] of prose(markdown).matchAll(/\]\(<?([^)\s>]+)>?(?: "[^"]*")?\)/g)) {
      if (/^[a-z][a-z+.-]*:/i.test(target!)) continue; // https:, mailto:
      checked++;
      const [file, anchor] = target!.split('#') as [string, string | undefined];
      const path = file ? relative(ROOT, join(ROOT, dirname(from), decodeURI(file))) : from;
      if (!existsSync(join(ROOT, path))) { broken.push(`${from}: ${target} (no file ${path})`); continue; }
      if (anchor === undefined) continue;
      if (!path.endsWith('.md') || statSync(join(ROOT, path)).isDirectory()) { broken.push(`${from}: ${target} (an anchor into a file that is not Markdown)`); continue; }
      if (!anchors(read(path)).has(anchor)) broken.push(`${from}: ${target} (no heading #${anchor} in ${path})`);
    }
  }
  assert.deepEqual(broken, []);
  assert.ok(checked > 50, `only ${checked} relative links found: the link scanner is broken`);
});

test('the anchor rules are GitHub\'s', () => {
  const ids = anchors('# The built-in dataset (`fixtures/default.json`)\n## Live reload (`--watch`)\n## Reliability\n## Reliability\n```sh\n# not a heading\n```\n<a id="stopping"></a>');
  assert.deepEqual([...ids], ['the-built-in-dataset-fixturesdefaultjson', 'live-reload---watch', 'reliability', 'reliability-1', 'stopping']);
});
