/**
 * The two faces of ujson that show in pretix's answers (drf_ujson renders and parses the API's
 * JSON): its output escapes every non-ASCII character (`ensure_ascii`), and its decoder, which
 * is more lenient than JSON.parse in places (raw control characters in strings, `-` alone, `01`,
 * `1.`, `-.5`, `NaN`, `Infinity`, integers of any size) and stricter in others (no trailing comma
 * in an array or an object), and words its errors its own way. As ujson 6.1.0 does, the release
 * `pip install pretix==2026.8.0` installs (through drf_ujson2 1.7.2, which leaves ujson unpinned).
 */

import { pyFloatRepr } from './python.js';

/** JSON as ujson writes it for pretix: compact, every non-ASCII character as `\uxxxx`. */
export function ujsonDumps(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * What Python's `str()` gives for each number ujson decoded into an object or an array, by key or
 * index: a JavaScript number cannot say whether Python had an int or a float (`1` and `1.0`), nor
 * hold an int's every digit (ujson 6 reads integers of any size). DRF's CharField stores `str()`.
 */
const NUMBER_TEXT = new WeakMap<object, Map<string | number, string>>();

/** Python's `str()` of the number ujson decoded at `container[key]`, if it was one. */
export function decodedNumberText(container: object, key: string | number): string | undefined {
  return NUMBER_TEXT.get(container)?.get(key);
}

function noteNumber(container: object, key: string | number, text: string | undefined): void {
  if (text === undefined) return; // never: every number read sets it
  let texts = NUMBER_TEXT.get(container);
  if (!texts) NUMBER_TEXT.set(container, (texts = new Map()));
  texts.set(key, text);
}

/** A decode error, with ujson's message. */
export class UjsonError extends Error {}

/** ujson's JSON_MAX_OBJECT_DEPTH. */
const MAX_DEPTH = 1024;
const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const WS = new Set([' ', '\t', '\r', '\n']);
/** The words ujson reads, by their first character (`-Infinity` is read where a number would be). */
const LITERALS: Record<string, [word: string, value: unknown]> = { t: ['true', true], f: ['false', false], n: ['null', null], N: ['NaN', NaN], I: ['Infinity', Infinity] };
const MANTISSA = /(-?)(?:(\d+)(\.\d*)?|(\.\d+))?/y;
const EXPONENT = /[eE][-+]?\d+/y;
/** Python's sys.get_int_max_str_digits() default (3.11+): ujson hands long integers to int(). */
const PY_INT_MAX_STR_DIGITS = 4300;

class Decoder {
  i = 0;
  depth = 0;
  constructor(readonly s: string) {}

  fail(message: string): never {
    throw new UjsonError(message);
  }

  skipWhitespace(): void {
    while (WS.has(this.s[this.i] ?? '')) this.i++;
  }

  /** Python's str() of the number `any()` read last (undefined after any other value). */
  numberText: string | undefined;

  any(): { value: unknown; isString: boolean } {
    this.numberText = undefined;
    for (;;) {
      const c = this.s[this.i];
      if (c === '"') return { value: this.string(), isString: true };
      if (c === '[') return { value: this.array(), isString: false };
      if (c === '{') return { value: this.object(), isString: false };
      if (c === '-' && this.s[this.i + 1] === 'I') return { value: this.float(this.literal('-Infinity', -Infinity) as number), isString: false };
      if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return { value: this.number(), isString: false };
      const word = c === undefined ? undefined : LITERALS[c];
      if (word) {
        const value = this.literal(...word);
        return { value: typeof value === 'number' ? this.float(value) : value, isString: false };
      }
      if (c !== undefined && WS.has(c)) this.i++;
      else this.fail('Expected object or value');
    }
  }

  literal(word: string, value: unknown): unknown {
    if (this.s.slice(this.i, this.i + word.length) !== word) this.fail(`Unexpected character found when decoding '${word}'`);
    this.i += word.length;
    return value;
  }

  float(value: number): number {
    this.numberText = pyFloatRepr(value);
    return value;
  }

  number(): number {
    // ujson 6 scans `-`, then digits with an optional fraction (`1.`, `.5`; a `.` alone stays), then an
    // exponent only if it has digits and the number has any: `-` alone is 0, `1e` leaves `e` (Trailing data).
    MANTISSA.lastIndex = this.i;
    const m = MANTISSA.exec(this.s)!;
    this.i += m[0].length;
    const [, sign, int] = m;
    const frac = m[3] ?? m[4];
    if (int === undefined && frac === undefined) {
      this.numberText = '0';
      return 0;
    }
    EXPONENT.lastIndex = this.i;
    const exp = EXPONENT.exec(this.s)?.[0];
    if (exp !== undefined) this.i += exp.length;
    // Floats as Python's float() reads them (overflow is inf); integers of any size (Python ints,
    // here the nearest double), within Python's limit on converting a long digit string.
    if (frac !== undefined || exp !== undefined) return this.float(Number(`${sign}${int ?? ''}${frac ?? ''}${exp ?? ''}`));
    const digits = int!.replace(/^0+/, '');
    if (digits.length > PY_INT_MAX_STR_DIGITS) {
      throw new UjsonError(`Exceeds the limit (${PY_INT_MAX_STR_DIGITS} digits) for integer string conversion: value has ${digits.length} digits; use sys.set_int_max_str_digits() to increase the limit`);
    }
    this.numberText = digits === '' ? '0' : `${sign}${digits}`;
    const n = Number(int);
    return sign === '-' && n !== 0 ? -n : n; // an int has no -0
  }

  string(): string {
    let out = '';
    this.i++;
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined || c === '\0') this.fail(`Unmatched '"' when decoding 'string'`);
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c !== '\\') {
        out += c;
        this.i++;
        continue;
      }
      const e = this.s[this.i + 1];
      if (e === undefined || e === '\0') this.fail("Unterminated escape sequence when decoding 'string'");
      if (e === 'u') {
        const hex = this.s.slice(this.i + 2, this.i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
          const bad = [...hex, undefined].find((h) => h === undefined || h === '\0' || !/[0-9a-fA-F]/.test(h));
          this.fail(bad === undefined || bad === '\0' ? "Unterminated unicode escape sequence when decoding 'string'" : "Unexpected character in unicode escape sequence when decoding 'string'");
        }
        out += String.fromCharCode(parseInt(hex, 16));
        this.i += 6;
        continue;
      }
      const plain = ESCAPES[e];
      if (plain === undefined) this.fail("Unrecognized escape sequence when decoding 'string'");
      out += plain;
      this.i += 2;
    }
  }

  array(): unknown[] {
    if (++this.depth > MAX_DEPTH) this.fail('Reached object decoding depth limit');
    const items: unknown[] = [];
    this.i++;
    for (;;) {
      this.skipWhitespace();
      if (this.s[this.i] === ']') {
        if (items.length > 0) this.fail('Unexpected character found when decoding array value (1)');
        this.i++;
        this.depth--;
        return items;
      }
      const item = this.any().value;
      items.push(item);
      if (typeof item === 'number') noteNumber(items, items.length - 1, this.numberText);
      this.skipWhitespace();
      const c = this.s[this.i++];
      if (c === ']') {
        this.depth--;
        return items;
      }
      if (c !== ',') this.fail('Unexpected character found when decoding array value (2)');
    }
  }

  object(): Record<string, unknown> {
    if (++this.depth > MAX_DEPTH) this.fail('Reached object decoding depth limit');
    const obj: Record<string, unknown> = {};
    this.i++;
    for (let count = 0; ; count++) {
      this.skipWhitespace();
      if (this.s[this.i] === '}') {
        // `{}` only: after a comma, `}` is refused (ujson 5 accepted `{"a":1,}`; 6 does not).
        if (count > 0) this.fail('Unexpected character in found when decoding object value');
        this.i++;
        this.depth--;
        return obj;
      }
      const key = this.any();
      if (!key.isString) this.fail("Key name of object must be 'string' when decoding 'object'");
      this.skipWhitespace();
      if (this.s[this.i++] !== ':') this.fail("No ':' found when decoding object value");
      this.skipWhitespace();
      // defineProperty: a key `__proto__` is data, as in a Python dict.
      const value = this.any().value;
      Object.defineProperty(obj, key.value as string, { value, enumerable: true, writable: true, configurable: true });
      if (typeof value === 'number') noteNumber(obj, key.value as string, this.numberText);
      this.skipWhitespace();
      const c = this.s[this.i++];
      if (c === '}') {
        this.depth--;
        return obj;
      }
      if (c !== ',') this.fail('Unexpected character in found when decoding object value');
    }
  }
}

/** `ujson.loads(text)`: the value, or a UjsonError with ujson's message. */
export function ujsonLoads(text: string): unknown {
  const decoder = new Decoder(text);
  const { value } = decoder.any();
  decoder.skipWhitespace();
  if (decoder.i < text.length) throw new UjsonError('Trailing data');
  return value;
}
