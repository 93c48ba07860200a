import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BUILT = fileURLToPath(new URL('../../dist/bin/pretix-mock.js', import.meta.url));
const SOURCE = fileURLToPath(new URL('../../src/bin/pretix-mock.ts', import.meta.url));
const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** The newest modification time of the TypeScript sources (src/generated is rewritten by typecheck, not edited). */
function newestSource(): number {
  let newest = 0;
  for (const file of readdirSync(SRC, { recursive: true }) as string[]) {
    if (file.endsWith('.ts') && !file.startsWith('generated')) newest = Math.max(newest, statSync(SRC + file).mtimeMs);
  }
  return newest;
}

/**
 * Node's arguments for the pretix-mock CLI, as `npm start` picks them (scripts/start.mjs): the
 * build in dist/ when it is there and newer than every source file, else the source through
 * tsx. The build starts with about half the CPU (tsx's loader costs some 0.5 s a process), and
 * the CLI tests spawn it dozens of times; after an edit without a build they run the source.
 */
export const CLI_ENTRY: readonly string[] = existsSync(BUILT) && statSync(BUILT).mtimeMs >= newestSource() ? [BUILT] : ['--import', 'tsx', SOURCE];
