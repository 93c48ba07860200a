import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { test } from 'node:test';
import { PRETIX_VERSION } from '../src/index.js';
import { README_PATH, readmeWithDifferences } from './conformance/readme-section.js';
import { describeDivergent, fileReport } from './conformance/report.js';
import { recordingFiles, replayFile, versionOf } from './conformance/replay.js';

// Each recording, replayed in order on a fresh mock. The recordings of the release the mock
// declares (pretix 2026.8) must come out identical: status, body byte for byte, every header but
// Date/Server/Connection/Keep-Alive. Those of an older release (2026.5) must too once the version
// differences (test/conformance/version-differences.ts) rewrote pretix's answer, unless a row of
// test/conformance/differences.ts covers the request.
for (const file of recordingFiles()) {
  const name = `${basename(dirname(file))}/${basename(file)}`;
  test(`conformance: ${name} replays identically`, { timeout: 120_000 }, async () => {
    const report = fileReport(await replayFile(file));
    const uncovered = report.divergent.filter((d) => !d.coveredBy);
    assert.ok(report.total > 0, 'the recording has exchanges');
    assert.equal(uncovered.length, 0, `${uncovered.length} of ${report.total} differ from pretix:\n${uncovered.slice(0, 5).map(describeDivergent).join('\n')}`);
    if (versionOf(file) === PRETIX_VERSION) {
      assert.equal(report.identical, report.total, `the declared release's recordings replay with no difference at all:\n${report.divergent.slice(0, 5).map(describeDivergent).join('\n')}`);
    }
  });
}

test("README's differences table is the one generated from the table", () => {
  const readme = readFileSync(README_PATH, 'utf8');
  assert.equal(readme, readmeWithDifferences(readme), 'run `npm run conformance -- --write-readme`');
});
