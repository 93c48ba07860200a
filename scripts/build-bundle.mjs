// Bundles the built CLI and the package entry (tsc's output in dist/) with their dependencies,
// in place: starting then loads a handful of files instead of ~400 modules, which took about
// half of the CLI's start-up (bench/README.md). Code both entries use goes to dist/chunks/;
// lazily imported parts (Redis, swagger-parser for --spec) stay lazy chunks. pino stays a
// package import: its pretty transport runs in a worker that resolves files of its own.
import { build } from 'esbuild';

const ENTRIES = ['dist/bin/pretix-mock.js', 'dist/index.js'];

await build({
  entryPoints: ENTRIES,
  outdir: 'dist',
  outbase: 'dist',
  allowOverwrite: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['pino', 'pino-pretty'],
  // CommonJS dependencies call require() for node's modules; an ES module has none of its own.
  banner: { js: "import { createRequire as __pretixMockRequire } from 'node:module'; const require = __pretixMockRequire(import.meta.url);" },
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  // Maps without the sources' text: for `node --enable-source-maps` and for `npm run profile`,
  // whose tables name the package or folder a sample's code came from (bench/lib/cpu-profile.ts).
  sourcemap: 'linked', // replaces tsc's maps of the two entries, which describe the unbundled files
  sourcesContent: false,
  logLevel: 'warning',
});
