import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Coverage } from './types.js';

/** A short Markdown summary of a coverage report. */
export function coverageMarkdown(c: Coverage): string {
  const lines = [
    '# pretix-mock contract coverage',
    '',
    `${c.exercised} of ${c.documented} documented responses exercised (${c.percent}%).`,
    '',
    '| operation | method | status | hits |',
    '|---|---|---|---|',
    ...c.matrix.map((m) => `| ${m.operationId} | ${m.method} | ${m.status} | ${m.hits} |`),
    '',
  ];
  if (c.neverExercised.length > 0) {
    lines.push('## Never exercised', '', ...c.neverExercised.map((n) => `- ${n.operationId} (${n.method} ${n.path}) → ${n.status}`), '');
  }
  if (c.undocumented.length > 0) {
    lines.push('## Undocumented answers', '', ...c.undocumented.map((u) => `- ${u.operationId} → ${u.status}: ${u.hits}`), '');
  }
  return lines.join('\n');
}

/**
 * Writes the coverage JSON to `file` and its Markdown summary beside it (`x.json` → `x.md`),
 * creating the directory if needed. Returns both paths.
 * @example
 * await writeCoverageReport('reports/pretix-coverage.json', await mock.coverage());
 */
export async function writeCoverageReport(file: string, coverage: Coverage): Promise<string[]> {
  const markdown = `${file.replace(/\.json$/i, '')}.md`;
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(coverage, null, 2)}\n`);
  await writeFile(markdown, coverageMarkdown(coverage));
  return [file, markdown];
}
