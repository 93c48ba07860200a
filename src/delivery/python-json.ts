/**
 * Python's `json.dumps(value)` with its defaults, which is what `requests.post(url, json=payload)`
 * sends: separators `", "` and `": "`, `ensure_ascii=True` (everything outside printable ASCII as
 * `\uXXXX`, lower-case hex, astral characters as surrogate pairs), keys in insertion order.
 */

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

// Python's ESCAPE_ASCII: a quote, a backslash, or anything outside ' '..'~'.
const NEEDS_ESCAPE = /["\\]|[^ -~]/g;

function pythonString(text: string): string {
  // JS strings are UTF-16 already, so each code unit of an astral character becomes its own \u escape.
  const body = text.replace(
    NEEDS_ESCAPE,
    (ch) => SHORT_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `"${body}"`;
}

/** Python's `json.dumps(value)` for JSON-compatible values (integers only; floats are never sent). */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'string') return pythonString(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError(`pythonJsonDumps: ${value} is not an integer`);
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([k, v]) => `${pythonString(k)}: ${pythonJsonDumps(v)}`).join(', ')}}`;
  }
  throw new TypeError(`pythonJsonDumps: cannot serialize a ${typeof value}`);
}
