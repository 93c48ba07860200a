/**
 * `npm run conformance`: replays every recorded sequence once against a fresh in-process mock,
 * compares the answers with each release's recording of it (pretix 2026.5 and 2026.8), prints per
 * file identical/total (all rules, and the headers a client acts on), how many of an older
 * release's answers the version differences cover, and the first divergences, and writes conformance-report.json. Exit 1 when a divergence is not in the
 * differences table. `--write-docs` rewrites the differences tables in docs/conformance.md from
 * test/conformance/differences.ts. `--file NAME` replays one file; `--show N` prints N divergences per file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { PRETIX_VERSION } from '../src/version.js';
import { DIFFERENCES_DOC, docWithDifferences } from '../test/conformance/differences-doc.js';
import { describeDivergent, fileReport, type FileReport } from '../test/conformance/report.js';
import { recordingFiles, recordingSequences, replaySequence } from '../test/conformance/replay.js';

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
for (const sequence of recordingSequences(files)) {
  for (const result of await replaySequence(sequence)) {
    const report = fileReport(result);
    reports.push(report);
    const versions = report.version === PRETIX_VERSION ? '' : `, ${report.versionCovered} covered by version differences ${JSON.stringify(report.versionRows)}`;
    console.log(`pretix-${report.version}/${report.file}: ${report.identical}/${report.total} identical${versions} (client headers: ${report.identicalLoose}/${report.total}), ${report.covered} covered by the table, ${report.uncovered} not covered`);
    const shown = [...report.divergent.filter((d) => !d.coveredBy), ...report.divergent.filter((d) => d.coveredBy)].slice(0, Number(options.show));
    for (const d of shown) console.log(describeDivergent(d).replace(/^/gm, '  '));
  }
}
type Key = 'total' | 'identical' | 'versionCovered' | 'identicalLoose' | 'covered' | 'uncovered';
const sum = (key: Key, of = reports) => of.reduce((n, r) => n + r[key], 0);
const pct = (n: number, total: number) => (total ? ((100 * n) / total).toFixed(1) : '0');
console.log('');
for (const version of [...new Set(reports.map((r) => r.version))]) {
  const of = reports.filter((r) => r.version === version);
  const total = sum('total', of);
  const versions = version === PRETIX_VERSION ? '' : `, ${sum('versionCovered', of)} covered by version differences`;
  console.log(`pretix ${version}: ${sum('identical', of)}/${total} identical (${pct(sum('identical', of), total)}%)${versions}, client headers ${sum('identicalLoose', of)}/${total}, ${sum('covered', of)} covered by the table, ${sum('uncovered', of)} not covered`);
}
const declared = reports.filter((r) => r.version === PRETIX_VERSION);
const strict = declared.every((r) => r.identical === r.total);
if (!strict) console.log(`the recordings of pretix ${PRETIX_VERSION}, the declared release, must replay with no difference at all`);
writeFileSync(options.report, JSON.stringify({ pretix: PRETIX_VERSION, files: reports }, null, 1));
console.log(`report: ${options.report}`);
process.exitCode = sum('uncovered') === 0 && strict ? 0 : 1;
