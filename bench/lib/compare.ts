import type { Figure } from './targets.js';

export interface Comparison {
  id: string;
  metric: string;
  before: number | null;
  after: number | null;
  /** after / before. */
  ratio: number | null;
  /** Moved the wrong way by more than the tolerance. */
  regression: boolean;
}

/**
 * Each figure of `after` against the same figure of `before` (matched by id). A figure is a
 * regression when it moved the worse way by more than `tolerance` (0.25: a 25 % drop of a
 * higher-is-better figure, a 25 % rise of a lower-is-better one). Figures one side lacks are
 * listed without a ratio and are not regressions.
 */
export function compareFigures(before: Figure[], after: Figure[], tolerance: number): Comparison[] {
  const old = new Map(before.map((f) => [f.id, f]));
  return after.map((f) => {
    const b = old.get(f.id)?.measured ?? null;
    const a = f.measured;
    const ratio = a !== null && b !== null && b !== 0 ? a / b : null;
    const regression = ratio !== null && (f.better === 'higher' ? ratio < 1 - tolerance : ratio > 1 + tolerance);
    return { id: f.id, metric: f.metric, before: b, after: a, ratio, regression };
  });
}

const cell = (n: number | null, digits = 2) => (n === null ? 'n/a' : n >= 100 ? n.toFixed(0) : n.toFixed(digits));

/** The comparison as a Markdown table. */
export function renderComparison(rows: Comparison[], tolerance: number, beforeName: string): string {
  const out = [
    `## Compared with ${beforeName} (tolerance ${Math.round(tolerance * 100)} %)`,
    '',
    '| figure | before | after | after / before | |',
    '| --- | ---: | ---: | ---: | --- |',
    ...rows.map((r) => `| ${r.metric} | ${cell(r.before)} | ${cell(r.after)} | ${cell(r.ratio)} | ${r.regression ? 'REGRESSION' : ''} |`),
  ];
  const bad = rows.filter((r) => r.regression);
  out.push('', bad.length ? `${bad.length} regression(s) beyond ${Math.round(tolerance * 100)} %: ${bad.map((r) => r.id).join(', ')}` : 'No regression beyond the tolerance.');
  return `${out.join('\n')}\n`;
}
