import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { test } from 'node:test';
import { compareExchange, type Exchange } from './conformance/compare.js';
import { readRecording, recordingFiles, recordingsDir, type FileResult } from './conformance/replay.js';
import { fileReport } from './conformance/report.js';
import { asOfVersion, VERSION_DIFFERENCES } from './conformance/version-differences.js';

// The version differences are exactly what changed between the two releases' recordings of the
// same sequences: each 2026.5 answer, rewritten by them, is the 2026.8 answer (by the replay's
// rules), every row is needed, and a 2026.8 answer is left as it is.
const files = recordingFiles(recordingsDir('2026.5'));

/** Recordings the live job wrote (`conformance:live --record`) from 2026.8 on: they have no 2026.5 counterpart. */
const LIVE_ONLY = /^live-\d+\.jsonl$/;

test('the recordings of both releases hold the same sequences (besides the live ones of 2026.8)', () => {
  const newer = recordingFiles(recordingsDir('2026.8')).map((f) => basename(f));
  assert.deepEqual(newer.filter((name) => !LIVE_ONLY.test(name)), files.map((f) => basename(f)));
  assert.deepEqual(files.filter((f) => LIVE_ONLY.test(basename(f))), []);
});

for (const file of files) {
  test(`version differences turn 2026.5/${basename(file)} into 2026.8's`, () => {
    const older = readRecording(file);
    const newer = readRecording(`${recordingsDir('2026.8')}/${basename(file)}`);
    assert.equal(newer.length, older.length);
    const wrong: string[] = [];
    older.forEach((exchange, k) => {
      const now = newer[k]!;
      assert.deepEqual(now.request, exchange.request, `#${k}: the same request`);
      const { response } = asOfVersion(exchange.response, '2026.5', '2026.8');
      const divergences = compareExchange(now, response, { origin: 'BASE' });
      if (divergences.length > 0) wrong.push(`#${k} ${exchange.request.method} ${exchange.request.path}: ${JSON.stringify(divergences)}`);
      assert.equal(asOfVersion(now.response, '2026.5', '2026.8').response, now.response, `#${k}: a 2026.8 answer is left as it is`);
    });
    assert.deepEqual(wrong.slice(0, 5), []);
  });
}

test('every version difference is needed', () => {
  const used = new Map<string, number>();
  for (const file of files) {
    for (const exchange of readRecording(file)) {
      for (const id of asOfVersion(exchange.response, '2026.5', '2026.8').rows) used.set(id, (used.get(id) ?? 0) + 1);
    }
  }
  assert.deepEqual(VERSION_DIFFERENCES.map((row) => [row.id, (used.get(row.id) ?? 0) > 0]), VERSION_DIFFERENCES.map((row) => [row.id, true]));
});

test('a 2026.5 answer is accepted only in the listed respects', () => {
  const json = 'application/json';
  const csp = "default-src 'self' BASE; script-src 'self' BASE";
  const old: Exchange = {
    i: 0,
    request: { method: 'GET', path: '/api/v1/organizers/bigevents/webhooks/', headers: {} },
    response: {
      status: 200,
      headers: [['content-security-policy', csp], ['content-type', json], ['cross-origin-opener-policy', 'same-origin'], ['p3p', 'x'], ['referrer-policy', 'same-origin'], ['x-content-type-options', 'nosniff']],
      body: '{}',
    },
  };
  const mock = (headers: [string, string][], status = 200, body = '{}'): FileResult['results'][number] => {
    const actual = { status, headers, body };
    return { exchange: old, actual, divergences: compareExchange(old, actual, { origin: 'http://m' }) };
  };
  const cases: [string, FileResult['results'][number], 'version' | 'uncovered'][] = [
    ['as 2026.8: the four headers gone', mock([['content-type', json], ['p3p', 'x']]), 'version'],
    ['a header the rows do not name is gone', mock([['content-type', json]]), 'uncovered'],
    ['X-Content-Type-Options still sent', mock([['content-type', json], ['p3p', 'x'], ['x-content-type-options', 'nosniff']]), 'uncovered'],
    ['another value of a dropped header', mock([['content-type', json], ['p3p', 'x'], ['referrer-policy', 'no-referrer']]), 'uncovered'],
    ['status', mock([['content-type', json], ['p3p', 'x']], 201), 'uncovered'],
    ['body', mock([['content-type', json], ['p3p', 'x']], 200, '[]'), 'uncovered'],
  ];
  for (const [name, result, want] of cases) {
    const report = fileReport({ file: 'x.jsonl', version: '2026.5', origin: 'http://m', results: [result] });
    assert.deepEqual([report.versionCovered, report.uncovered], want === 'version' ? [1, 0] : [0, 1], name);
  }
});
