import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodedNumberText, UjsonError, ujsonDumps, ujsonLoads } from '../../src/pretix/drf/ujson.js';

// Expected values are what ujson 6.1.0 gave for the same input, the ujson that
// `pip install pretix==2026.8.0` installs (drf_ujson2 1.7.2 leaves it unpinned; the tables were
// first made with 5.10.0, and every row of theirs still holds): dumps as drf_ujson2's renderer
// calls it (ensure_ascii=True, escape_forward_slashes=False), loads as its parser does.
// 6.1.0 differs from 5.10.0 in what the rows marked "6.x" check: a trailing comma in an object is
// refused, `NaN`/`Infinity`/`-Infinity` are read, integers have no size limit but Python's on
// long digit strings, an exponent or a lone `.` without digits is left as trailing data, and an
// unterminated string is worded without 5.x's doubled quote and "when when".

describe('ujsonDumps', () => {
  const table: Array<[value: unknown, ujson: string]> = [
    [null, "null"],
    [true, "true"],
    [0, "0"],
    [-5, "-5"],
    ["plain", "\"plain\""],
    ["a/b", "\"a/b\""],
    ["<>&'", "\"<>&'\""],
    ["q\"b\\", "\"q\\\"b\\\\\""],
    ["\n\r\t\b\f", "\"\\n\\r\\t\\b\\f\""],
    ["\u0000\u001f", "\"\\u0000\\u001f\""],
    ["\u007f", "\"\u007f\""],
    ["caf\u00e9", "\"caf\\u00e9\""],
    ["\u20ac\u2028", "\"\\u20ac\\u2028\""],
    ["\ud83d\ude00", "\"\\ud83d\\ude00\""],
    [{"b": [1, {"a": null}], "a": "\u00fc"}, "{\"b\":[1,{\"a\":null}],\"a\":\"\\u00fc\"}"],
    [[], "[]"],
    [{}, "{}"],
    [{"url": "https://x.example/p?q=1"}, "{\"url\":\"https://x.example/p?q=1\"}"],
    ["\ud800", "\"\\ud800\""],
  ];
  for (const [value, ujson] of table) test(`${JSON.stringify(value)} → ${ujson}`, () => assert.equal(ujsonDumps(value), ujson));
});

describe('ujsonLoads accepts what ujson accepts, leniency included', () => {
  const table: Array<[text: string, value: unknown]> = [
    ["{}", {}],
    ["[]", []],
    ["  [1, 2 ]  ", [1, 2]],
    ["-", 0],
    ["01", 1],
    ["1.", 1.0],
    ["1.e5", 100000.0],
    ["-0", 0],
    ["\"raw\ttab\u0001\"", "raw\ttab\u0001"],
    ["\"\\ud83d\\ude00\"", "\ud83d\ude00"],
    ["\"\\/\"", "/"],
    ["1.5e3", 1500.0],
    ["{\"a\":[1,{\"b\":null}]}", {"a": [1, {"b": null}]}],
    ["\"\u00e9\"", "\u00e9"],
    ["{\"a\":1,\"a\":2}", {"a": 2}],
    ["1 ", 1],
    ['18446744073709551615', 2 ** 64],
    ['-9223372036854775808', -(2 ** 63)],
    ['['.repeat(1024) + ']'.repeat(1024), JSON.parse('['.repeat(1024) + ']'.repeat(1024))],
    // 6.x
    ['18446744073709551616', 2 ** 64],
    ['-9223372036854775809', -(2 ** 63)],
    ['0'.repeat(4301) + '1', 1],
    ['-.5', -0.5],
    ['-.5e3', -500],
    ['1.e+5', 100000],
    ['1E5', 100000],
    ['-01', -1],
    ['-0.', -0],
    ['1e309', Infinity],
    ['-1e309', -Infinity],
    ['0.1e-400', 0],
    ['[-,1]', [0, 1]],
    ['{"a":-}', { a: 0 }],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['[NaN,-Infinity]', [NaN, -Infinity]],
    ['{ }', {}],
    ['{"a":1 , "b":2 }', { a: 1, b: 2 }],
    ['{"a":1}\t\r\n ', { a: 1 }],
  ];
  for (const [text, value] of table) {
    test(`${JSON.stringify(text).slice(0, 40)} → ${JSON.stringify(value).slice(0, 40)}`, () => assert.deepEqual(ujsonLoads(text), value));
  }

  test('a key "__proto__" is an own data key, as in a Python dict', () => {
    const value = ujsonLoads('{"__proto__": {"polluted": 1}}') as Record<string, unknown>;
    assert.deepEqual(Object.keys(value), ['__proto__']);
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe("ujsonLoads refuses what ujson refuses, with ujson's message", () => {
  const table: Array<[text: string, message: string]> = [
    [".5", "Expected object or value"],
    ["[1,]", "Unexpected character found when decoding array value (1)"],
    ["[,1]", "Expected object or value"],
    ["[1 2]", "Unexpected character found when decoding array value (2)"],
    ["{\"a\" 1}", "No ':' found when decoding object value"],
    ["{1: 2}", "Key name of object must be 'string' when decoding 'object'"],
    ["{\"a\":1 \"b\":2}", "Unexpected character in found when decoding object value"],
    ["tru", "Unexpected character found when decoding 'true'"],
    ["nul", "Unexpected character found when decoding 'null'"],
    ["true false", "Trailing data"],
    ["", "Expected object or value"],
    ["   ", "Expected object or value"],
    ["\"a\\", "Unterminated escape sequence when decoding 'string'"],
    ["\"\\x\"", "Unrecognized escape sequence when decoding 'string'"],
    ["\"\\u12\"", "Unexpected character in unicode escape sequence when decoding 'string'"],
    ["\"\\u12g4\"", "Unexpected character in unicode escape sequence when decoding 'string'"],
    ["nan", "Unexpected character found when decoding 'null'"],
    ["[1]x", "Trailing data"],
    ["[] ,", "Trailing data"],
    ['['.repeat(1025) + ']'.repeat(1025), 'Reached object decoding depth limit'],
    ['{"a":'.repeat(1025) + '1' + '}'.repeat(1025), 'Reached object decoding depth limit'],
    // 6.x
    ['{"a":1,}', 'Unexpected character in found when decoding object value'],
    ['{"a":1, }', 'Unexpected character in found when decoding object value'],
    ['{"a":1,"b":{},}', 'Unexpected character in found when decoding object value'],
    ['[1,{"a":1,}]', 'Unexpected character in found when decoding object value'],
    ['{,}', 'Expected object or value'],
    ['{"a":1,,}', 'Expected object or value'],
    ['"abc', `Unmatched '"' when decoding 'string'`],
    ['"a\u0000b"', `Unmatched '"' when decoding 'string'`],
    ['"\\u12', "Unterminated unicode escape sequence when decoding 'string'"],
    ['1e', 'Trailing data'],
    ['1e+', 'Trailing data'],
    ['1.e', 'Trailing data'],
    ['1.5e', 'Trailing data'],
    ['-e5', 'Trailing data'],
    ['-.', 'Trailing data'],
    ['- 1', 'Trailing data'],
    ['1.5.', 'Trailing data'],
    ['1e5.5', 'Trailing data'],
    ['{"a":1}x', 'Trailing data'],
    ['{"a":1}\u0000', 'Trailing data'],
    ['{"a":1}\f', 'Trailing data'],
    ['{"a":1}\u00a0', 'Trailing data'],
    ['{} {}', 'Trailing data'],
    ['{}}', 'Trailing data'],
    ['NaNx', 'Trailing data'],
    ['-NaN', 'Trailing data'],
    ['NAN', "Unexpected character found when decoding 'NaN'"],
    ['Inf', "Unexpected character found when decoding 'Infinity'"],
    ['-Inf', "Unexpected character found when decoding '-Infinity'"],
    ['infinity', 'Expected object or value'],
    ['+NaN', 'Expected object or value'],
    ['\ufeff{}', 'Expected object or value'],
    ['1'.repeat(4301), 'Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit'],
    ['-' + '1'.repeat(4310), 'Exceeds the limit (4300 digits) for integer string conversion: value has 4310 digits; use sys.set_int_max_str_digits() to increase the limit'],
  ];
  for (const [text, message] of table) {
    test(`${JSON.stringify(text).slice(0, 40)}: ${message}`, () => assert.throws(() => ujsonLoads(text), (err) => err instanceof UjsonError && err.message === message));
  }
});

describe("decodedNumberText is Python's str() of each number ujson decoded into a list or a dict", () => {
  const table: Array<[text: string, python: string]> = [
    ['1', '1'],
    ['1.0', '1.0'],
    ['1.', '1.0'],
    ['007', '7'],
    ['-0', '0'],
    ['-', '0'],
    ['-0.0', '-0.0'],
    ['1e16', '1e+16'],
    ['1.5e3', '1500.0'],
    ['1e15', '1000000000000000.0'],
    ['0.0001', '0.0001'],
    ['0.00001', '1e-05'],
    ['1.5e-7', '1.5e-07'],
    ['123456789012345678901234567890', '123456789012345678901234567890'],
    ['-18446744073709551616', '-18446744073709551616'],
    ['1'.repeat(400), '1'.repeat(400)],
    ['0.1', '0.1'],
    ['1e400', 'inf'],
    ['NaN', 'nan'],
    ['-Infinity', '-inf'],
  ];
  for (const [text, python] of table) {
    test(`str(ujson.loads('[${text.slice(0, 40)}]')[0]) → ${python.slice(0, 40)}`, () => {
      const list = ujsonLoads(`[${text}]`) as unknown[];
      assert.equal(decodedNumberText(list, 0), python);
      const dict = ujsonLoads(`{"k": ${text}}`) as Record<string, unknown>;
      assert.equal(decodedNumberText(dict, 'k'), python);
    });
  }

  test('only numbers are noted, and not a nested value of a later key', () => {
    const dict = ujsonLoads('{"a": [1.0], "b": "x", "c": {"d": 2.0}}') as Record<string, unknown>;
    assert.equal(decodedNumberText(dict, 'a'), undefined);
    assert.equal(decodedNumberText(dict, 'b'), undefined);
    assert.equal(decodedNumberText(dict, 'c'), undefined);
    assert.equal(decodedNumberText(dict['a'] as object, 0), '1.0');
  });
});
