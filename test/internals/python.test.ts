import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeSortedQuery, parseQuery, pyStr, pythonInt, quotePlus, unquotePlus, utf8DecodeError } from '../../src/pretix/drf/python.js';

// Every expected value below is what CPython 3.11 gave for the same input (null: it raised ValueError).

describe('pythonInt is int(text)', () => {
  const table: Array<[text: string, python: number | null]> = [
  ["42", 42],
  [" 42 ", 42],
  ["+7", 7],
  ["-12", -12],
  ["1_000", 1000],
  ["1__0", null],
  ["_1", null],
  ["1_", null],
  ["\u0663", 3],
  ["\uff11\uff12", 12],
  ["\u0967\u0966", 10],
  ["", null],
  ["  ", null],
  ["1.0", null],
  ["0x10", null],
  ["\u00a012\u2003", 12],
  ["\u000b5\f", 5],
  ["\u00855\u3000", 5],
  ["\u16805\u2028", 5],
  ["\u20005\u200a", 5],
  ["\u202f5\u205f", 5],
  ["\u001c5", null],
  ["5\u001f", null],
  ["\u200b1", null],
  ["--1", null],
  ["+", null],
  ["1 2", null],
  ["\ud835\udfce\ud835\udfcf", 1],
  ];
  for (const [text, python] of table) {
    test(`int(${JSON.stringify(text)}) → ${python ?? 'ValueError'}`, () => assert.equal(pythonInt(text), python ?? undefined));
  }
});

describe('pyStr is str(value) of a decoded JSON value', () => {
  const table: Array<[value: unknown, python: string]> = [
  [null, "None"],
  [true, "True"],
  [false, "False"],
  [7, "7"],
  [-3, "-3"],
  [1.5, "1.5"],
  [NaN, "nan"],
  [Infinity, "inf"],
  [-Infinity, "-inf"],
  [0.00001, "1e-05"],
  [-1.5e-7, "-1.5e-07"],
  [0.0001, "0.0001"],
  [1e21, "1000000000000000000000"],
  [[0.00001, NaN], "[1e-05, nan]"],
  ["text", "text"],
  [[], "[]"],
  [{}, "{}"],
  [[1, "a", null, true, [2]], "[1, 'a', None, True, [2]]"],
  [{"k": "it's", "n": null}, "{'k': \"it's\", 'n': None}"],
  [["both ' and \"", "a\\b", "tab\there", "line\nbreak"], "['both \\' and \"', 'a\\\\b', 'tab\\there', 'line\\nbreak']"],
  [{"a": {"b": [false]}}, "{'a': {'b': [False]}}"],
  ];
  for (const [value, python] of table) {
    test(`str(${JSON.stringify(value)}) → ${python}`, () => assert.equal(pyStr(value), python));
  }
});

describe("quotePlus is quote_plus(text, safe='')", () => {
  const table: Array<[text: string, python: string]> = [
  ["a b&c=d/e", "a+b%26c%3Dd%2Fe"],
  ["caf\u00e9 ~-_.", "caf%C3%A9+~-_."],
  ["100%+1", "100%25%2B1"],
  ["\ud83d\ude00", "%F0%9F%98%80"],
  ["", ""],
  ["'()*!", "%27%28%29%2A%21"],
  ];
  for (const [text, python] of table) test(JSON.stringify(text), () => assert.equal(quotePlus(text), python));
});

describe('unquotePlus is unquote_plus(text) (errors=replace)', () => {
  const table: Array<[text: string, python: string]> = [
  ["a+b", "a b"],
  ["%41%42", "AB"],
  ["%zz", "%zz"],
  ["%", "%"],
  ["%4", "%4"],
  ["%e9", "\ufffd"],
  ["%C3%A9", "\u00e9"],
  ["%c3%a9x", "\u00e9x"],
  ["caf%C3", "caf\ufffd"],
  ["%F0%9F%98%80", "\ud83d\ude00"],
  ["\u00e9%20", "\u00e9 "],
  ];
  for (const [text, python] of table) test(JSON.stringify(text), () => assert.equal(unquotePlus(text), python));
});

describe('parseQuery is parse_qsl(query, keep_blank_values=True)', () => {
  const table: Array<[query: string, python: Array<[string, string]>]> = [
  ["a=1&b=&c&&a=2", [["a", "1"], ["b", ""], ["c", ""], ["a", "2"]]],
  ["x=1=2", [["x", "1=2"]]],
  ["a=1;b=2", [["a", "1;b=2"]]],
  ["=v", [["", "v"]]],
  ["+k+=%20v%20", [[" k ", " v "]]],
  ["", []],
  ["&&&", []],
  ];
  for (const [query, python] of table) test(JSON.stringify(query), () => assert.deepEqual(parseQuery(query), python));
});

describe("encodeSortedQuery is DRF's urlencode(sorted(parse_qs(query).items()), doseq=True)", () => {
  const table: Array<[query: string, python: string]> = [
  ["b=2&a=1&b=1", "a=1&b=2&b=1"],
  ["page=2&search=caf%C3%A9+bar", "page=2&search=caf%C3%A9+bar"],
  ["z=&a=%2F", "a=%2F&z="],
  ];
  for (const [query, python] of table) test(JSON.stringify(query), () => assert.equal(encodeSortedQuery(parseQuery(query)), python));
});

describe("utf8DecodeError is str(UnicodeDecodeError) of bytes.decode('utf-8')", () => {
  const table: Array<[bytes: number[], python: string | null]> = [
  [[111, 107], null],
  [[195, 169, 226, 130, 172, 240, 159, 152, 128], null],
  [[255], "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"],
  [[97, 128], "'utf-8' codec can't decode byte 0x80 in position 1: invalid start byte"],
  [[97, 195], "'utf-8' codec can't decode byte 0xc3 in position 1: unexpected end of data"],
  [[226, 130], "'utf-8' codec can't decode bytes in position 0-1: unexpected end of data"],
  [[226, 40, 161], "'utf-8' codec can't decode byte 0xe2 in position 0: invalid continuation byte"],
  [[237, 160, 128], "'utf-8' codec can't decode byte 0xed in position 0: invalid continuation byte"],
  [[240, 159, 152], "'utf-8' codec can't decode bytes in position 0-2: unexpected end of data"],
  [[192, 175], "'utf-8' codec can't decode byte 0xc0 in position 0: invalid start byte"],
  [[245, 128, 128, 128], "'utf-8' codec can't decode byte 0xf5 in position 0: invalid start byte"],
  [[224, 128, 128], "'utf-8' codec can't decode byte 0xe0 in position 0: invalid continuation byte"],
  [[244, 144, 128, 128], "'utf-8' codec can't decode byte 0xf4 in position 0: invalid continuation byte"],
  [[120, 240, 159], "'utf-8' codec can't decode bytes in position 1-2: unexpected end of data"],
  ];
  for (const [bytes, python] of table) {
    test(`[${bytes.join(', ')}]`, () => assert.equal(utf8DecodeError(Uint8Array.from(bytes)), python ?? undefined));
  }
});
