import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { test } from 'node:test';
import { PRETIX_VERSION } from '../src/index.js';
import { DIFFERENCES_DOC, docWithDifferences } from './conformance/differences-doc.js';
import { describeDivergent, fileReport } from './conformance/report.js';
import { recordingSequences, replaySequence } from './conformance/replay.js';

// Each recorded sequence, replayed in order on a fresh mock (once for all the releases that
// recorded it: the requests are the same). The recordings of the release the mock
// declares (pretix 2026.8) must come out identical: status, body byte for byte, every header but
// Date/Server/Connection/Keep-Alive. Those of an older release (2026.5) must too once the version
// differences (test/conformance/version-differences.ts) rewrote pretix's answer, unless a row of
// test/conformance/differences.ts covers the request.
for (const files of recordingSequences()) {
  const releases = files.map((file) => basename(dirname(file))).join(', ');
  test(`conformance: ${basename(files[0]!)} (${releases}) replays identically`, { timeout: 120_000 }, async () => {
    for (const result of await replaySequence(files)) {
      const report = fileReport(result);
      const name = `pretix-${report.version}/${report.file}`;
      const uncovered = report.divergent.filter((d) => !d.coveredBy);
      assert.ok(report.total > 0, `${name}: the recording has exchanges`);
      assert.equal(uncovered.length, 0, `${name}: ${uncovered.length} of ${report.total} differ from pretix:\n${uncovered.slice(0, 5).map(describeDivergent).join('\n')}`);
      if (report.version === PRETIX_VERSION) {
        assert.equal(report.identical, report.total, `${name}: the declared release's recordings replay with no difference at all:\n${report.divergent.slice(0, 5).map(describeDivergent).join('\n')}`);
      }
    }
  });
}

test("docs/conformance.md's differences table is the one generated from the table", () => {
  const doc = readFileSync(DIFFERENCES_DOC, 'utf8');
  assert.equal(doc, docWithDifferences(doc), 'run `npm run conformance -- --write-docs`');
});
