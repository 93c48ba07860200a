/**
 * The few pieces of Python semantics that leak into pretix's answers: how `int()` parses a
 * string, how `str()`/`repr()` print a JSON value inside an error message, and how `urllib`
 * parses and re-encodes a query string (DRF builds `next`/`previous` links with it).
 */

// The whitespace int() skips around the digits: str.isspace() but for \x1c-\x1f (ASCII is checked with Py_ISSPACE).
const PY_SPACE = '[\\t\\n\\x0b\\x0c\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const PY_INT = new RegExp(`^${PY_SPACE}*([+-]?)(\\p{Nd}(?:_?\\p{Nd})*)${PY_SPACE}*$`, 'u');
const DECIMAL = /^\p{Nd}$/u;

/**
 * The value of a Unicode decimal digit (category Nd). Unicode encodes every such digit in a run
 * of complete 0–9 sets, so the value is the distance to the run's start, modulo 10.
 */
function digitValue(char: string): number {
  let code = char.codePointAt(0)!;
  let distance = 0;
  while (distance < 100 && DECIMAL.test(String.fromCodePoint(code - 1))) {
    code--;
    distance++;
  }
  return distance % 10;
}

/**
 * Python's `int(text)` in base 10: any Unicode decimal digits (`٣` is 3), underscores between
 * digits, surrounding whitespace; undefined where Python raises.
 */
export function pythonInt(text: string): number | undefined {
  const m = PY_INT.exec(text);
  if (!m) return undefined;
  const digits = Array.from(m[2]!.replaceAll('_', ''), (c) => (c >= '0' && c <= '9' ? c : String(digitValue(c)))).join('');
  const n = Number(digits);
  return m[1] === '-' ? -n : n;
}

/** Python's `type(value).__name__` for a value decoded from JSON. */
export function pyTypeName(value: unknown): string {
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  switch (typeof value) {
    case 'boolean': return 'bool';
    case 'number': return Number.isInteger(value) ? 'int' : 'float';
    case 'string': return 'str';
    default: return 'dict';
  }
}

function pyRepr(value: unknown): string {
  if (typeof value !== 'string') return pyStr(value);
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  const body = value
    .replaceAll('\\', '\\\\')
    .replaceAll('\n', '\\n')
    .replaceAll('\r', '\\r')
    .replaceAll('\t', '\\t');
  return quote + (quote === "'" ? body.replaceAll("'", "\\'") : body) + quote;
}

/**
 * Python's `repr()` (and `str()`) of a float: the shortest digits that read back, in exponent
 * form below 1e-4 and from 1e16 on with at least two exponent digits (`1e-05`, `1e+16`), else
 * fixed with at least one decimal (`1.0`, `0.5`); `nan`, `inf`, `-inf`.
 */
export function pyFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa, exponent] = value.toExponential().split('e') as [string, string];
  const exp = Number(exponent);
  if (exp < -4 || exp >= 16) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  const fixed = String(value); // JavaScript writes fixed notation from 1e-7 to 1e21
  return fixed.includes('.') ? fixed : `${fixed}.0`;
}

/**
 * Python's `str()` of a number decoded from JSON when only the double is known: a whole number
 * as an int, a fraction (or nan, inf) as a float. ujson's decoder keeps the exact text where it
 * can tell (an int's every digit, `1.0` as a float): see `decodedNumberText` in ujson.ts.
 */
export function pyNumberStr(value: number): string {
  return Number.isInteger(value) ? BigInt(value).toString() : pyFloatRepr(value);
}

/** Python's `str(value)` for a value decoded from JSON, as it appears in DRF error messages. */
export function pyStr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return pyNumberStr(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(', ')}}`;
}

const UNRESERVED = /[A-Za-z0-9_.~-]/;

/** Python's `urllib.parse.quote_plus(text, safe='')`. */
export function quotePlus(text: string): string {
  let out = '';
  for (const ch of text) {
    if (ch === ' ') out += '+';
    else if (UNRESERVED.test(ch)) out += ch;
    else for (const byte of Buffer.from(ch, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const lenientUtf8 = new TextDecoder('utf-8', { fatal: false });

/** Python's `unquote_plus(text, errors='replace')`: broken escapes stay literal, broken UTF-8 becomes U+FFFD. */
export function unquotePlus(text: string): string {
  const plain = text.replaceAll('+', ' ');
  if (!plain.includes('%')) return plain;
  const bytes: number[] = [];
  for (let i = 0; i < plain.length; i++) {
    const hex = plain.slice(i + 1, i + 3);
    if (plain[i] === '%' && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(plain[i]!, 'utf8'));
    }
  }
  return lenientUtf8.decode(Uint8Array.from(bytes));
}

/** Python's `parse_qsl(query, keep_blank_values=True)`, which Django's QueryDict also follows. */
export function parseQuery(query: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const field of query.split('&')) {
    if (!field) continue;
    const eq = field.indexOf('=');
    const name = eq < 0 ? field : field.slice(0, eq);
    const value = eq < 0 ? '' : field.slice(eq + 1);
    pairs.push([unquotePlus(name), unquotePlus(value)]);
  }
  return pairs;
}

/** Django's `QueryDict.get(name)`: the last value given for the name. */
export function lastQueryValue(pairs: Array<[string, string]>, name: string): string | undefined {
  for (let i = pairs.length - 1; i >= 0; i--) if (pairs[i]![0] === name) return pairs[i]![1];
  return undefined;
}

/** Python's `urlencode(sorted(pairs), doseq=True)`: keys sorted (stable, so repeated keys keep their order). */
export function encodeSortedQuery(pairs: Array<[string, string]>): string {
  return [...pairs]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([k, v]) => `${quotePlus(k)}=${quotePlus(v)}`)
    .join('&');
}

/** Python's UnicodeDecodeError text for bytes that are not UTF-8, or undefined if they are. */
export function utf8DecodeError(bytes: Uint8Array): string | undefined {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    const at = `byte 0x${b.toString(16).padStart(2, '0')} in position ${i}`;
    if (need < 0) return `'utf-8' codec can't decode ${at}: invalid start byte`;
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= need; k++) {
      if (i + k >= bytes.length) {
        return k === 1
          ? `'utf-8' codec can't decode ${at}: unexpected end of data`
          : `'utf-8' codec can't decode bytes in position ${i}-${i + k - 1}: unexpected end of data`;
      }
      const c = bytes[i + k]!;
      if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return `'utf-8' codec can't decode ${at}: invalid continuation byte`;
    }
    i += need + 1;
  }
  return undefined;
}
