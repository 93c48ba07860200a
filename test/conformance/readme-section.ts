/** README's generated tables of deliberate differences and of version differences, between two markers. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { differencesMarkdown } from './differences.js';
import { versionDifferencesMarkdown } from './version-differences.js';

export const README_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'README.md');
export const BEGIN = '<!-- differences: generated from test/conformance/differences.ts (npm run conformance -- --write-readme) -->';
export const END = '<!-- /differences -->';

/** The README text with the generated tables between the markers (which must be there). */
export function readmeWithDifferences(readme: string): string {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the markers ${BEGIN} … ${END}`);
  const versions = 'Version differences (`test/conformance/version-differences.ts`): where the older recordings answer differently. ' +
    'The replay rewrites their answers in exactly these respects and then compares as strictly as the others.';
  return `${readme.slice(0, start + BEGIN.length)}\n${differencesMarkdown()}\n\n${versions}\n\n${versionDifferencesMarkdown()}\n${readme.slice(end)}`;
}
