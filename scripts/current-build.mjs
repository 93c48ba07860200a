// Whether dist/ holds a build of the current sources: `npm start` (scripts/start.mjs) and the CLI
// tests (test/helpers/cli-entry.ts) run the build then, else the TypeScript source through tsx.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built CLI, dist/bin/pretix-mock.js. */
export const BUILT_CLI = fileURLToPath(new URL('../dist/bin/pretix-mock.js', import.meta.url));
/** The CLI's TypeScript source. */
export const SOURCE_CLI = fileURLToPath(new URL('../src/bin/pretix-mock.ts', import.meta.url));

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

/** The newest modification time of the TypeScript sources (src/generated is rewritten by typecheck, not edited). */
function newestSource() {
  let newest = 0;
  for (const file of readdirSync(SRC, { recursive: true })) {
    if (String(file).endsWith('.ts') && !String(file).startsWith('generated')) newest = Math.max(newest, statSync(SRC + String(file)).mtimeMs);
  }
  return newest;
}

/** True when the built CLI is there and newer than every source file. */
export function buildIsCurrent() {
  return existsSync(BUILT_CLI) && statSync(BUILT_CLI).mtimeMs >= newestSource();
}
