import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AUTH, BIGEVENTS, TestMock } from './helpers/mock.js';

let mock: TestMock;
before(async () => {
  mock = await TestMock.start();
});
after(() => mock.close());

const VALID = { target_url: 'https://example.com/hook', limit_events: [], action_types: ['pretix.event.order.placed'] };
const post = (body: unknown, headers?: Record<string, string>) =>
  mock.call(BIGEVENTS, { method: 'POST', auth: AUTH.admin, body, headers: { 'content-type': 'application/json', ...headers } });
const REQUIRED = ['This field is required.'];

describe('400 bodies in DRF words', () => {
  const cases: Array<[string, unknown, object]> = [
    ['empty object', {}, { target_url: REQUIRED, limit_events: REQUIRED, action_types: REQUIRED }],
    ['a list', [1], { non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] }],
    ['a string', '"x"', { non_field_errors: ['Invalid data. Expected a dictionary, but got str.'] }],
    ['an integer', 5, { non_field_errors: ['Invalid data. Expected a dictionary, but got int.'] }],
    ['a float', 1.5, { non_field_errors: ['Invalid data. Expected a dictionary, but got float.'] }],
    ['a boolean', true, { non_field_errors: ['Invalid data. Expected a dictionary, but got bool.'] }],
    ['null', null, { non_field_errors: ['No data provided'] }],
    ['enabled not a boolean', { ...VALID, enabled: 'maybe' }, { enabled: ['Must be a valid boolean.'] }],
    ['enabled 2', { ...VALID, enabled: 2 }, { enabled: ['Must be a valid boolean.'] }],
    ['enabled a list', { ...VALID, enabled: [] }, { enabled: ['Must be a valid boolean.'] }],
    ['enabled null', { ...VALID, enabled: null }, { enabled: ['This field may not be null.'] }],
    ['all_events null', { ...VALID, all_events: null }, { all_events: ['This field may not be null.'] }],
    ['target_url blank', { ...VALID, target_url: '' }, { target_url: ['This field may not be blank.'] }],
    ['target_url whitespace only', { ...VALID, target_url: '   ' }, { target_url: ['This field may not be blank.'] }],
    ['target_url null', { ...VALID, target_url: null }, { target_url: ['This field may not be null.'] }],
    ['target_url a number', { ...VALID, target_url: 5 }, { target_url: ['Enter a valid URL.'] }],
    ['target_url a boolean', { ...VALID, target_url: true }, { target_url: ['Not a valid string.'] }],
    ['target_url a list', { ...VALID, target_url: ['https://example.com/'] }, { target_url: ['Not a valid string.'] }],
    ['target_url too long', { ...VALID, target_url: `https://example.com/${'a'.repeat(1010)}` }, { target_url: ['Ensure this field has no more than 1024 characters.'] }],
    ['target_url too long and malformed', { ...VALID, target_url: 'x'.repeat(1030) }, { target_url: ['Ensure this field has no more than 1024 characters.', 'Enter a valid URL.'] }],
    ['target_url with a null character', { ...VALID, target_url: 'https://example.com/\u0000' }, { target_url: ['Null characters are not allowed.'] }],
    ['comment too long', { ...VALID, comment: 'c'.repeat(256) }, { comment: ['Ensure this field has no more than 255 characters.'] }],
    ['comment a boolean', { ...VALID, comment: false }, { comment: ['Not a valid string.'] }],
    ['comment an object', { ...VALID, comment: { a: 1 } }, { comment: ['Not a valid string.'] }],
    ['limit_events a string', { ...VALID, limit_events: 'democon' }, { limit_events: ['Expected a list of items but got type "str".'] }],
    ['limit_events an integer', { ...VALID, limit_events: 5 }, { limit_events: ['Expected a list of items but got type "int".'] }],
    ['limit_events null', { ...VALID, limit_events: null }, { limit_events: ['This field may not be null.'] }],
    ['unknown event', { ...VALID, limit_events: ['foo'] }, { limit_events: ['Object with slug=foo does not exist.'] }],
    ["another organizer's event", { ...VALID, limit_events: ['acmecon'] }, { limit_events: ['Object with slug=acmecon does not exist.'] }],
    ['only the first unknown event', { ...VALID, limit_events: ['democon', 'foo', 'bar'] }, { limit_events: ['Object with slug=foo does not exist.'] }],
    ['a number as event', { ...VALID, limit_events: [5] }, { limit_events: ['Object with slug=5 does not exist.'] }],
    ['null as event', { ...VALID, limit_events: [null] }, { limit_events: ['Object with slug=None does not exist.'] }],
    ['unknown action type', { ...VALID, action_types: ['foo'] }, { action_types: ['Invalid action type "foo".'] }],
    ['concrete sub-type is not registered', { ...VALID, action_types: ['pretix.event.order.changed.item'] }, { action_types: ['Invalid action type "pretix.event.order.changed.item".'] }],
    ['only the first invalid action type', { ...VALID, action_types: ['pretix.event.order.paid', 'nope', 'also'] }, { action_types: ['Invalid action type "nope".'] }],
    ['action_types a string is iterated', { ...VALID, action_types: 'pretix.event.order.paid' }, { action_types: ['Invalid action type "p".'] }],
    ['a number as action type', { ...VALID, action_types: [5] }, { action_types: ['Invalid action type "5".'] }],
    ['true as action type', { ...VALID, action_types: [true] }, { action_types: ['Invalid action type "True".'] }],
    ['action_types null', { ...VALID, action_types: null }, { action_types: ['This field may not be null.'] }],
    ['either limit_events or all_events', { ...VALID, all_events: true, limit_events: ['democon'] }, { non_field_errors: ['You can set either limit_events or all_events.'] }],
    ['either/or with a boolean string', { ...VALID, all_events: 'yes', limit_events: ['democon'] }, { non_field_errors: ['You can set either limit_events or all_events.'] }],
    ['the cross-field rule waits for valid fields', { ...VALID, target_url: 'nope', all_events: true, limit_events: ['democon'] }, { target_url: ['Enter a valid URL.'] }],
  ];
  for (const [name, body, expected] of cases) {
    test(name, async () => {
      const res = await post(body);
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, expected);
    });
  }

  test('all failing fields at once, in the serializer\'s field order', async () => {
    const res = await post({ comment: 7.5, action_types: ['bar'], limit_events: ['foo'], target_url: 'nope', enabled: 'x' });
    assert.equal(res.status, 400);
    assert.equal(
      res.text,
      '{"enabled":["Must be a valid boolean."],"target_url":["Enter a valid URL."],"limit_events":["Object with slug=foo does not exist."],"action_types":["Invalid action type \\"bar\\"."]}',
    );
  });
});

describe("what pretix accepts, the mock accepts", () => {
  const booleans: Array<[unknown, boolean]> = [
    [true, true], ['true', true], ['True', true], ['TRUE', true], ['yes', true], ['on', true], ['1', true], [1, true], ['t', true], ['Y', true],
    [false, false], ['false', false], ['No', false], ['OFF', false], ['0', false], [0, false], ['f', false], ['n', false],
  ];
  for (const [input, stored] of booleans) {
    test(`enabled: ${JSON.stringify(input)} is stored as ${stored}`, async () => {
      const res = await post({ ...VALID, enabled: input });
      assert.equal(res.status, 201);
      assert.equal((res.body as { enabled: boolean }).enabled, stored);
    });
  }

  test('surrounding whitespace is trimmed from target_url and comment', async () => {
    const res = await post({ ...VALID, target_url: '  https://example.com/x\n', comment: '  hi  ' });
    assert.equal(res.status, 201);
    const body = res.body as { target_url: string; comment: string };
    assert.equal(body.target_url, 'https://example.com/x');
    assert.equal(body.comment, 'hi');
  });

  test('a number as comment is stored as text; unknown fields and id are ignored', async () => {
    const res = await post({ ...VALID, comment: 12, id: 999, organizer: 'acme', foo: 'bar' });
    assert.equal(res.status, 201);
    const body = res.body as { id: number; comment: string };
    assert.equal(body.comment, '12');
    assert.notEqual(body.id, 999);
    assert.deepEqual(Object.keys(body), ['id', 'enabled', 'target_url', 'all_events', 'limit_events', 'action_types', 'comment']);
  });

  test("a number as comment is stored as Python's str() of what ujson 6.1.0 read (as the live pretix 2026.8.0 stores it)", async () => {
    const cases: Array<[string, string]> = [
      ['NaN', 'nan'], ['Infinity', 'inf'], ['-Infinity', '-inf'], ['1e400', 'inf'], ['1.0', '1.0'], ['1.5e3', '1500.0'], ['1e16', '1e+16'],
      ['1e-5', '1e-05'], ['1.5e-7', '1.5e-07'], ['-0.0', '-0.0'], ['007', '7'], ['-', '0'], ['0.1', '0.1'],
      ['18446744073709551616', '18446744073709551616'], ['123456789012345678901234567890', '123456789012345678901234567890'],
    ];
    for (const [number, stored] of cases) {
      const res = await post(`{"target_url": "https://example.com/hook", "limit_events": [], "action_types": ["pretix.event.order.placed"], "comment": ${number}}`);
      assert.equal(res.status, 201, number);
      assert.equal((res.body as { comment: string }).comment, stored, number);
    }
    const long = await post(`{"target_url": "https://example.com/hook", "limit_events": [], "action_types": [], "comment": ${'9'.repeat(256)}}`);
    assert.deepEqual(long.body, { comment: ['Ensure this field has no more than 255 characters.'] });
  });

  test('an empty comment is kept as an empty string', async () => {
    const res = await post({ ...VALID, comment: '' });
    assert.equal(res.status, 201);
    assert.equal((res.body as { comment: string }).comment, '');
  });
});

describe('target_url follows Django\'s URLValidator', () => {
  const valid = [
    'http://localhost/', 'http://127.0.0.1:8080/x', 'http://[::1]/hook', 'ftp://files.example.org/', 'ftps://files.example.org/',
    'https://user:pass@example.com/hook', 'HTTPS://EXAMPLE.COM/', 'http://example.com', 'http://例え.テスト/',
    'http://xn--80ak6aa92e.com/', 'https://example.com:65535/a?b=c#d', 'http://10.0.0.1/private-is-fine',
  ];
  const invalid = [
    'http://intranet/', 'mailto:someone@example.com', 'javascript:alert(1)', 'example.com', 'http://exa mple.com/',
    'https://-bad.example.com/', 'http://256.1.1.1/', 'http://[::g]/', 'http://example.com:123456/', 'gopher://example.com/',
    'http://', 'http://.com/',
  ];
  for (const url of valid) {
    test(`accepts ${url}`, async () => {
      const res = await post({ ...VALID, target_url: url });
      assert.equal(res.status, 201, res.text);
    });
  }
  for (const url of invalid) {
    test(`refuses ${url}`, async () => {
      const res = await post({ ...VALID, target_url: url });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, { target_url: ['Enter a valid URL.'] });
    });
  }
});

describe('parse errors, media types and sizes', () => {
  test('malformed JSON', async () => {
    const res = await post('{bad');
    assert.equal(res.status, 400);
    // ujson's decoder meets `b` where it wants a key (a value): its message, as pretix answers
    assert.deepEqual(res.body, { detail: 'JSON parse error - Expected object or value' });
  });

  test("what ujson accepts and refuses, in its words", async () => {
    const cases: Array<[string, number, unknown]> = [
      ['{"target_url": ', 400, { detail: 'JSON parse error - Expected object or value' }],
      ['[1 2]', 400, { detail: 'JSON parse error - Unexpected character found when decoding array value (2)' }],
      ['{"a" 1}', 400, { detail: "JSON parse error - No ':' found when decoding object value" }],
      ['{} x', 400, { detail: 'JSON parse error - Trailing data' }],
      ['"abc', 400, { detail: `JSON parse error - Unmatched '"' when decoding 'string'` }],
      ['-', 400, { non_field_errors: ['Invalid data. Expected a dictionary, but got int.'] }],
      // ujson 6.1.0 (what pretix 2026.8.0 installs), as the live pretix answered
      ['{"target_url": "https://example.com/", "limit_events": [], "action_types": [],}', 400, { detail: 'JSON parse error - Unexpected character in found when decoding object value' }],
      ['{"comment": 1e}', 400, { detail: 'JSON parse error - Unexpected character in found when decoding object value' }],
      ['{"comment": Inf}', 400, { detail: "JSON parse error - Unexpected character found when decoding 'Infinity'" }],
      ['1'.repeat(4301), 400, { detail: 'JSON parse error - Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit' }],
      ['{"enabled": NaN, "target_url": NaN, "limit_events": [], "action_types": []}', 400, { enabled: ['Must be a valid boolean.'], target_url: ['Enter a valid URL.'] }],
      ['{"target_url": "https://example.com/", "limit_events": [1.0], "action_types": []}', 400, { limit_events: ['Object with slug=1.0 does not exist.'] }],
      ['{"target_url": "https://example.com/", "limit_events": [], "action_types": [1e16]}', 400, { action_types: ['Invalid action type "1e+16".'] }],
      ['{"target_url": "https://example.com/", "limit_events": [], "action_types": [-Infinity]}', 400, { action_types: ['Invalid action type "-inf".'] }],
      [`{"target_url": ${'1'.repeat(1100)}, "limit_events": [], "action_types": []}`, 400, { target_url: ['Ensure this field has no more than 1024 characters.', 'Enter a valid URL.'] }],
    ];
    for (const [body, status, expected] of cases) {
      const res = await post(body);
      assert.equal(res.status, status, body);
      assert.deepEqual(res.body, expected, body);
    }
  });

  test('bytes that are not UTF-8', async () => {
    const res = await fetch(mock.url + BIGEVENTS, {
      method: 'POST',
      headers: { authorization: AUTH.admin, 'content-type': 'application/json' },
      body: new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]),
    });
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), { detail: "JSON parse error - 'utf-8' codec can't decode byte 0xff in position 6: invalid start byte" });
  });

  const mediaTypes: Array<[string, number, object?]> = [
    ['text/plain', 415, { detail: 'Unsupported media type "text/plain" in request.' }],
    ['text/plain; charset=utf-8', 415, { detail: 'Unsupported media type "text/plain; charset=utf-8" in request.' }],
    // parsed as a form (recorded): the whole JSON text is one key, so the required fields are missing
    ['application/x-www-form-urlencoded', 400, { target_url: ['This field is required.'], action_types: ['This field is required.'] }],
    ['application/vnd.api+json', 415, { detail: 'Unsupported media type "application/vnd.api+json" in request.' }],
    ['application/json; charset=utf-8', 201],
    ['Application/JSON', 201],
    ['application/*', 201],
    ['*/*', 201],
  ];
  for (const [type, status, body] of mediaTypes) {
    test(`Content-Type ${type} gives ${status}`, async () => {
      const res = await post(JSON.stringify(VALID), { 'content-type': type });
      assert.equal(res.status, status, res.text);
      if (body) assert.deepEqual(res.body, body);
    });
  }

  test('a body without Content-Type is an unsupported media type ""', async () => {
    const res = await fetch(mock.url + BIGEVENTS, { method: 'POST', headers: { authorization: AUTH.admin }, body: new Uint8Array(Buffer.from('{}')) });
    assert.equal(res.status, 415);
    assert.deepEqual(await res.json(), { detail: 'Unsupported media type "" in request.' });
  });

  test('an empty body is an empty object, whatever its type (but a form one)', async () => {
    const res = await post('', { 'content-type': 'text/plain' });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, { target_url: REQUIRED, limit_events: REQUIRED, action_types: REQUIRED });
  });
});
