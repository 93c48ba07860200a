import { lastQueryValue, parseQuery } from './python.js';

export type SortKey<T> = (item: T) => string | number;

/**
 * DRF's OrderingFilter: the last `ordering` value, split on commas; terms not in `fields`
 * (after an optional `-`) are dropped; with none left, `fallback` applies. Ties keep the
 * dataset's order (a stable sort), as the database returns rows in insertion order.
 */
export function orderBy<T>(items: readonly T[], query: string, fields: Readonly<Record<string, SortKey<T>>>, fallback: string[]): T[] {
  const raw = query.includes('ordering=') ? lastQueryValue(parseQuery(query), 'ordering') : undefined;
  const terms = (raw ?? '').split(',').map((t) => t.trim()).filter((t) => Object.hasOwn(fields, t.replace(/^-/, '')));
  const ordering = terms.length > 0 ? terms : fallback;
  const keys = ordering.map((t) => ({ key: fields[t.replace(/^-/, '')]!, sign: t.startsWith('-') ? -1 : 1 }));
  return [...items].sort((a, b) => {
    for (const { key, sign } of keys) {
      const x = key(a);
      const y = key(b);
      if (x < y) return -sign;
      if (x > y) return sign;
    }
    return 0;
  });
}
