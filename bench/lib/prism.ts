import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const PRISM_VERSION = '5.14.2';

/** Installs @stoplight/prism-cli into bench/.cache/prism on first use; returns its binary. */
export function ensurePrism(benchDir: string): string {
  const dir = join(benchDir, '.cache', `prism-${PRISM_VERSION}`);
  const bin = join(dir, 'node_modules', '.bin', 'prism');
  if (!existsSync(bin)) {
    process.stderr.write(`installing @stoplight/prism-cli@${PRISM_VERSION} into ${dir} (first run only)\n`);
    execFileSync('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--loglevel=error', `@stoplight/prism-cli@${PRISM_VERSION}`], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  return bin;
}
