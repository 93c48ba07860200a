/**
 * The two faces of ujson that show in pretix's answers (drf_ujson renders and parses the API's
 * JSON): its output escapes every non-ASCII character (`ensure_ascii`), and its decoder, which
 * is more lenient than JSON.parse in places (raw control characters in strings, `-` alone, `01`,
 * `1.`) and words its errors its own way (ultrajson's lib/ultrajsondec.c).
 */

/** JSON as ujson writes it for pretix: compact, every non-ASCII character as `\uxxxx`. */
export function ujsonDumps(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A decode error, with ujson's message. */
export class UjsonError extends Error {}

/** ujson's JSON_MAX_OBJECT_DEPTH. */
const MAX_DEPTH = 1024;
const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const WS = new Set([' ', '\t', '\r', '\n']);

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

  any(): { value: unknown; isString: boolean } {
    for (;;) {
      const c = this.s[this.i];
      if (c === '"') return { value: this.string(), isString: true };
      if (c === '[') return { value: this.array(), isString: false };
      if (c === '{') return { value: this.object(), isString: false };
      if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return { value: this.number(), isString: false };
      if (c === 't' || c === 'f' || c === 'n') return { value: this.literal(c), isString: false };
      if (c !== undefined && WS.has(c)) this.i++;
      else this.fail('Expected object or value');
    }
  }

  literal(first: string): unknown {
    const [word, value] = first === 't' ? ['true', true] : first === 'f' ? ['false', false] : ['null', null];
    if (this.s.slice(this.i, this.i + word.length) !== word) this.fail(`Unexpected character found when decoding '${word}'`);
    this.i += word.length;
    return value;
  }

  number(): number {
    const m = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d*))?/.exec(this.s.slice(this.i, this.i + 400))!;
    // ujson scans `-`, digits, a fraction and an exponent, each possibly empty: `-` is 0, `1.` is 1.0.
    this.i += m[0].length;
    const [, sign, int = '', frac, exp] = m;
    if (frac === undefined && exp === undefined) {
      const big = BigInt(int === '' ? '0' : int);
      if (sign === '' && big > 18446744073709551615n) this.fail('Value is too big!');
      if (sign === '-' && big > 9223372036854775808n) this.fail('Value is too small');
      return Number(sign === '-' ? -big : big);
    }
    return Number(`${sign}${int || '0'}.${frac || '0'}e${exp && /\d/.test(exp) ? exp : '0'}`);
  }

  string(): string {
    let out = '';
    this.i++;
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined || c === '\0') this.fail("Unmatched ''\"' when when decoding 'string'");
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
      items.push(this.any().value);
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
    for (;;) {
      this.skipWhitespace();
      if (this.s[this.i] === '}') {
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
      Object.defineProperty(obj, key.value as string, { value: this.any().value, enumerable: true, writable: true, configurable: true });
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
