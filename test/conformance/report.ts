/**
 * The conformance report: each file replayed once, each answer judged under both rule sets, and
 * each divergence either covered by a row of the differences table or not. An answer recorded
 * from an older pretix release is first rewritten by the version differences into the answer of
 * the release the mock declares; it is covered by them when the mock gives exactly that.
 */
import { PRETIX_VERSION } from '../../src/index.js';
import { compareExchange, type Divergence, type Exchange, type RecordedResponse } from './compare.js';
import { differenceFor } from './differences.js';
import type { FileResult } from './replay.js';
import { asOfVersion } from './version-differences.js';

/** A divergent exchange: the request, both answers, how they differ and the table row that covers it. */
export interface DivergentExchange {
  i: number;
  request: Exchange['request'];
  pretix: RecordedResponse;
  mock: RecordedResponse;
  divergences: Divergence[];
  /** The id of the differences-table row that covers it; absent: not covered (a failure). */
  coveredBy?: string;
}

/** An exchange of an older release that the mock answers as the version differences say. */
export interface VersionCovered {
  i: number;
  /** The ids of the version differences that turn the recorded answer into the mock's. */
  rows: string[];
}

export interface FileReport {
  file: string;
  /** The pretix release the file was recorded from. */
  version: string;
  total: number;
  /** Identical under all the rules. */
  identical: number;
  /** Identical once the version differences rewrote pretix's answer (older releases only). */
  versionCovered: number;
  /** Exchanges per version-difference row id. */
  versionRows: Record<string, number>;
  /** Identical in status, body and the headers a client acts on. */
  identicalLoose: number;
  /** Divergent but covered by the table. */
  covered: number;
  /** Divergent and not covered. */
  uncovered: number;
  divergent: DivergentExchange[];
}

/** Judges one replayed file (its results compared under the `all` rules). */
export function fileReport(result: FileResult): FileReport {
  const origin = result.origin;
  const divergent: DivergentExchange[] = [];
  const versionCovered: VersionCovered[] = [];
  let identicalLoose = 0;
  for (const { exchange: recorded, actual, divergences: asRecorded } of result.results) {
    let exchange = recorded;
    let divergences = asRecorded;
    if (divergences.length > 0 && result.version !== PRETIX_VERSION) {
      const now = asOfVersion(recorded.response, result.version, PRETIX_VERSION);
      exchange = { ...recorded, response: now.response };
      divergences = compareExchange(exchange, actual, { origin });
      if (divergences.length === 0) versionCovered.push({ i: recorded.i, rows: now.rows });
    }
    if (compareExchange(exchange, actual, { origin, rules: 'loose' }).length === 0) identicalLoose++;
    if (divergences.length === 0) continue;
    const row = differenceFor(exchange.request, undefined, { pretixBody: exchange.response.body, mockBody: actual.body });
    divergent.push({ i: exchange.i, request: exchange.request, pretix: exchange.response, mock: actual, divergences, coveredBy: row?.id });
  }
  const covered = divergent.filter((d) => d.coveredBy).length;
  const versionRows: Record<string, number> = {};
  for (const id of versionCovered.flatMap((v) => v.rows)) versionRows[id] = (versionRows[id] ?? 0) + 1;
  return {
    file: result.file,
    version: result.version,
    total: result.results.length,
    identical: result.results.length - divergent.length - versionCovered.length,
    versionCovered: versionCovered.length,
    versionRows,
    identicalLoose,
    covered,
    uncovered: divergent.length - covered,
    divergent,
  };
}

const short = (text: string | undefined, max = 300) => (text === undefined ? '(absent)' : text.length > max ? `${text.slice(0, max)}…` : text);

/** A divergent exchange for a human: the request, both statuses and each divergence. */
export function describeDivergent(d: DivergentExchange): string {
  const req = d.request;
  const lines = [`#${d.i} ${req.method} ${req.path} ${JSON.stringify(req.headers)}${req.body === undefined ? '' : ` body ${short(JSON.stringify(req.body), 200)}`}`];
  lines.push(`  pretix ${d.pretix.status}, mock ${d.mock.status}${d.coveredBy ? ` (covered: ${d.coveredBy})` : ''}`);
  for (const div of d.divergences) {
    lines.push(`  ${div.aspect}${div.name ? ` ${div.name}` : ''}: pretix ${short(div.expected)} | mock ${short(div.actual)}`);
  }
  return lines.join('\n');
}
