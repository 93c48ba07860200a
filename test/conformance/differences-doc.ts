/** The generated tables of deliberate differences and of version differences in docs/conformance.md, between two markers. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { differencesMarkdown } from './differences.js';
import { versionDifferencesMarkdown } from './version-differences.js';

export const DIFFERENCES_DOC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'conformance.md');
export const BEGIN = '<!-- differences: generated from test/conformance/differences.ts (npm run conformance -- --write-docs) -->';
export const END = '<!-- /differences -->';

/** The document's text with the generated tables between the markers (which must be there). */
export function docWithDifferences(doc: string): string {
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/conformance.md lacks the markers ${BEGIN} … ${END}`);
  const versions = 'Version differences (`test/conformance/version-differences.ts`): where the older recordings answer differently. ' +
    'The replay rewrites their answers in exactly these respects and then compares as strictly as the others.';
  return `${doc.slice(0, start + BEGIN.length)}\n${differencesMarkdown()}\n\n${versions}\n\n${versionDifferencesMarkdown()}\n${doc.slice(end)}`;
}
