import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { UjsonError, ujsonDumps, ujsonLoads } from '../../src/pretix/drf/ujson.js';

// Expected values are what ujson 5.10.0 gave for the same input: dumps as drf_ujson2's renderer
// calls it (ensure_ascii=True, escape_forward_slashes=False), loads as its parser does.

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
  ];
  for (const [text, message] of table) {
    test(`${JSON.stringify(text).slice(0, 40)}: ${message}`, () => assert.throws(() => ujsonLoads(text), (err) => err instanceof UjsonError && err.message === message));
  }
});
