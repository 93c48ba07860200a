import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pythonJsonDumps } from '../../src/delivery/python-json.js';

// Each expected text is what CPython 3.11's json.dumps(value) printed for the same value.
const table: Array<[value: unknown, python: string]> = [
  [null, 'null'],
  [true, 'true'],
  [false, 'false'],
  [0, '0'],
  [-1, '-1'],
  [42, '42'],
  [9007199254740991, '9007199254740991'],
  [-9007199254740991, '-9007199254740991'],
  ['', '""'],
  ['plain', '"plain"'],
  ['quote " and \\ backslash', '"quote \\" and \\\\ backslash"'],
  ['\n\r\t\b\f', '"\\n\\r\\t\\b\\f"'],
  ['\x00\x01\x1f\x7f', '"\\u0000\\u0001\\u001f\\u007f"'],
  ['/slash/', '"/slash/"'],
  ["<>&'", `"<>&'"`],
  ['~ and space', '"~ and space"'],
  ['café', '"caf\\u00e9"'],
  ['€', '"\\u20ac"'],
  ['\u2028\u2029', '"\\u2028\\u2029"'],
  ['\ufeff', '"\\ufeff"'],
  ['😀', '"\\ud83d\\ude00"'],
  ['a\u{1d11e}b', '"a\\ud834\\udd1eb"'],
  ['\ud800', '"\\ud800"'],
  ['\udfff', '"\\udfff"'],
  [[], '[]'],
  [{}, '{}'],
  [[1, 'a', null, [true]], '[1, "a", null, [true]]'],
  [{ b: 1, a: [2, { z: null, y: 'ü' }] }, '{"b": 1, "a": [2, {"z": null, "y": "\\u00fc"}]}'],
  [{ é: 'kéy' }, '{"\\u00e9": "k\\u00e9y"}'],
  [{ '': '' }, '{"": ""}'],
];

describe('pythonJsonDumps is json.dumps with its defaults', () => {
  for (const [value, python] of table) {
    test(`${JSON.stringify(value)} → ${python}`, () => assert.equal(pythonJsonDumps(value), python));
  }

  test('undefined (a missing value) is null', () => assert.equal(pythonJsonDumps(undefined), 'null'));

  // pretix's payloads hold no floats, and Python's float repr is not JS's: refuse rather than differ.
  const refused: Array<[value: unknown, message: string]> = [
    [1.5, 'pythonJsonDumps: 1.5 is not an integer'],
    [2 ** 53, 'pythonJsonDumps: 9007199254740992 is not an integer'],
    [Number.NaN, 'pythonJsonDumps: NaN is not an integer'],
    [10n, 'pythonJsonDumps: cannot serialize a bigint'],
    [() => 1, 'pythonJsonDumps: cannot serialize a function'],
  ];
  for (const [value, message] of refused) {
    test(`${String(value)} is refused`, () => assert.throws(() => pythonJsonDumps(value), { name: 'TypeError', message }));
  }
});
