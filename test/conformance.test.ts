import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DIFFERENCES_DOC, docWithDifferences } from './conformance/differences-doc.js';
import { describeDivergent, fileReport } from './conformance/report.js';
import { recordingFiles, replayFile } from './conformance/replay.js';

// Each recording of pretix 2026.5, replayed in order on a fresh mock: every answer must come out
// identical (status, body byte for byte, every header but Date/Server/Connection/Keep-Alive),
// unless a row of test/conformance/differences.ts covers the request.
for (const file of recordingFiles()) {
  test(`conformance: ${file.split('/').pop()} replays identically`, { timeout: 120_000 }, async () => {
    const report = fileReport(await replayFile(file));
    const uncovered = report.divergent.filter((d) => !d.coveredBy);
    assert.ok(report.total > 0, 'the recording has exchanges');
    assert.equal(uncovered.length, 0, `${uncovered.length} of ${report.total} differ from pretix:\n${uncovered.slice(0, 5).map(describeDivergent).join('\n')}`);
  });
}

test("docs/conformance.md's differences table is the one generated from the table", () => {
  const doc = readFileSync(DIFFERENCES_DOC, 'utf8');
  assert.equal(doc, docWithDifferences(doc), 'run `npm run conformance -- --write-docs`');
});
