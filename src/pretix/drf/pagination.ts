import { Errors } from './errors.js';
import { encodeSortedQuery, lastQueryValue, parseQuery, pythonInt } from './python.js';

/** pretix's `Pagination` (DRF PageNumberPagination, `page_size_query_param='page_size'`, max 50). */
const PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 50;

export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export interface PageRequest {
  /** `scheme://host` as the client addressed the server (Django's build_absolute_uri). */
  origin: string;
  /** The request path, percent-encoded. */
  path: string;
  /** The raw query string without `?`. */
  query: string;
}

function pageSize(query: Array<[string, string]>): number {
  const raw = lastQueryValue(query, 'page_size');
  if (raw === undefined) return PAGE_SIZE;
  const n = pythonInt(raw);
  // DRF's _positive_int(strict=True, cutoff=max_page_size); any failure falls back to the default.
  if (n === undefined || n <= 0) return PAGE_SIZE;
  return Math.min(n, MAX_PAGE_SIZE);
}

function link(req: PageRequest, pairs: Array<[string, string]>, page: number | null): string {
  const others = pairs.filter(([k]) => k !== 'page');
  const query = encodeSortedQuery(page === null ? others : [...others, ['page', String(page)]]);
  return `${req.origin}${req.path}${query ? `?${query}` : ''}`;
}

/**
 * One page of `items` as DRF renders it. Out-of-range or non-numeric pages throw
 * 404 `Invalid page.`; `page=last` is the last page; an empty list still has a page 1.
 */
export function paginate<T>(items: readonly T[], req: PageRequest): Page<T> {
  const pairs = parseQuery(req.query);
  const size = pageSize(pairs);
  const pages = Math.max(1, Math.ceil(items.length / size));
  // DRF: `query_params.get('page') or 1`, so an empty value is page 1.
  const raw = lastQueryValue(pairs, 'page') || '1';
  const number = raw === 'last' ? pages : pythonInt(raw);
  if (number === undefined || number < 1 || number > pages) throw Errors.invalidPage();
  return {
    count: items.length,
    next: number < pages ? link(req, pairs, number + 1) : null,
    previous: number > 1 ? link(req, pairs, number === 2 ? null : number - 1) : null,
    results: items.slice((number - 1) * size, number * size),
  };
}
