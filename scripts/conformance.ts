/**
 * `npm run conformance`: replays every recording of pretix 2026.5 against a fresh in-process mock,
 * prints per file identical/total (all rules, and the headers a client acts on) and the first
 * divergences, and writes conformance-report.json. Exit 1 when a divergence is not in the
 * differences table. `--write-docs` rewrites the differences table in docs/conformance.md from
 * test/conformance/differences.ts. `--file NAME` replays one file; `--show N` prints N divergences per file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { DIFFERENCES_DOC, docWithDifferences } from '../test/conformance/differences-doc.js';
import { describeDivergent, fileReport, type FileReport } from '../test/conformance/report.js';
import { recordingFiles, replayFile } from '../test/conformance/replay.js';

const options = new Command()
  .option('--file <name>', 'replay only this recording file (name or part of it)')
  .option('--show <n>', 'divergences printed per file', '3')
  .option('--report <path>', 'where the JSON report goes', 'conformance-report.json')
  .option('--write-docs', 'rewrite the differences table in docs/conformance.md from the table')
  .parse()
  .opts<{ file?: string; show: string; report: string; writeDocs?: boolean }>();

if (options.writeDocs) {
  writeFileSync(DIFFERENCES_DOC, docWithDifferences(readFileSync(DIFFERENCES_DOC, 'utf8')));
  console.log(`wrote the differences table into ${DIFFERENCES_DOC}`);
}

const files = recordingFiles().filter((f) => !options.file || f.includes(options.file));
const reports: FileReport[] = [];
for (const file of files) {
  const report = fileReport(await replayFile(file));
  reports.push(report);
  console.log(`${report.file}: ${report.identical}/${report.total} identical (client headers: ${report.identicalLoose}/${report.total}), ${report.covered} covered by the table, ${report.uncovered} not covered`);
  const shown = [...report.divergent.filter((d) => !d.coveredBy), ...report.divergent.filter((d) => d.coveredBy)].slice(0, Number(options.show));
  for (const d of shown) console.log(describeDivergent(d).replace(/^/gm, '  '));
}
const sum = (key: 'total' | 'identical' | 'identicalLoose' | 'covered' | 'uncovered') => reports.reduce((n, r) => n + r[key], 0);
const total = sum('total');
const pct = (n: number) => (total ? ((100 * n) / total).toFixed(1) : '0');
console.log(`\nall files: ${sum('identical')}/${total} identical (${pct(sum('identical'))}%), client headers ${sum('identicalLoose')}/${total} (${pct(sum('identicalLoose'))}%), ${sum('covered')} covered by the table, ${sum('uncovered')} not covered`);
writeFileSync(options.report, JSON.stringify({ pretix: '2026.5', files: reports }, null, 1));
console.log(`report: ${options.report}`);
process.exitCode = sum('uncovered') === 0 ? 0 : 1;
