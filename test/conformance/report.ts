/**
 * The conformance report: each file replayed once, each answer judged under both rule sets, and
 * each divergence either covered by a row of the differences table or not.
 */
import { compareExchange, type Divergence, type Exchange, type RecordedResponse } from './compare.js';
import { differenceFor } from './differences.js';
import type { FileResult } from './replay.js';

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

export interface FileReport {
  file: string;
  total: number;
  /** Identical under all the rules. */
  identical: number;
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
  let identicalLoose = 0;
  for (const { exchange, actual, divergences } of result.results) {
    if (compareExchange(exchange, actual, { origin, rules: 'loose' }).length === 0) identicalLoose++;
    if (divergences.length === 0) continue;
    const row = differenceFor(exchange.request, undefined, { pretixBody: exchange.response.body, mockBody: actual.body });
    divergent.push({ i: exchange.i, request: exchange.request, pretix: exchange.response, mock: actual, divergences, coveredBy: row?.id });
  }
  const covered = divergent.filter((d) => d.coveredBy).length;
  return {
    file: result.file,
    total: result.results.length,
    identical: result.results.length - divergent.length,
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
