import { copyFile, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { DASHBOARD_DIR } from '../src/paths.js';

const UI_SOURCE = fileURLToPath(new URL('../ui/', import.meta.url));

const FILES = ['index.html', 'app.js', 'app.css'];

/** What the dashboard's three files may weigh together, gzipped (README, docs/dashboard.md). */
export const DASHBOARD_BUDGET_GZIP_BYTES = 40 * 1024;

/**
 * Bundles ui/ (Preact and htm included) into `outDir`: index.html, app.js, app.css, minified.
 * Builds into a temporary folder, then renames each file into place: a server (or a test
 * running beside another build) never reads half a file. Returns each file's gzipped size.
 */
export async function buildUi(outDir = DASHBOARD_DIR): Promise<Record<string, number>> {
  const temp = `${outDir.replace(/\/$/, '')}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(temp, { recursive: true });
  try {
    await build({
      entryPoints: { app: join(UI_SOURCE, 'main.js') },
      bundle: true, minify: true, format: 'esm', target: 'es2020', outdir: temp, legalComments: 'none', logLevel: 'warning',
    });
    await build({ entryPoints: { app: join(UI_SOURCE, 'app.css') }, bundle: true, minify: true, outdir: temp, logLevel: 'warning' });
    await copyFile(join(UI_SOURCE, 'index.html'), join(temp, 'index.html'));
    await mkdir(outDir, { recursive: true });
    for (const name of FILES) await rename(join(temp, name), join(outDir, name));
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  const sizes: Record<string, number> = {};
  for (const name of FILES) sizes[name] = gzipSync(await readFile(join(outDir, name)), { level: 9 }).length;
  return sizes;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sizes = await buildUi();
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  process.stdout.write(`dashboard: ${Object.entries(sizes).map(([f, n]) => `${f} ${n} B`).join(', ')}; ${total} B gzipped (budget ${DASHBOARD_BUDGET_GZIP_BYTES} B)\n`);
  if (total > DASHBOARD_BUDGET_GZIP_BYTES) process.exit(1);
}
