import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDrfBody } from '../../src/pretix/drf/drf-parser.js';
import type { QueryDict } from '../../src/pretix/drf/form-parser.js';
import { webhookInputFromForm } from '../../src/pretix/resources/webhooks/webhook-form-input.js';

type Outcome = { body: unknown } | { form: Array<[string, string[]]> } | { status: number; detail: string };

// Each outcome is what DRF 3.15.2 gave for the same body and Content-Type, with pretix's parsers
// (drf_ujson2 1.7 on ujson 5.10.0, FormParser, MultiPartParser; Django 4.2): `request.data` as
// JSON, as a QueryDict's lists (fields only), or the ParseError / UnsupportedMediaType.
const table: Array<[raw: string | Buffer, contentType: string | undefined, drf: Outcome]> = [
  ["", "application/json", {"body": {}}],
  ["", undefined, {"body": {}}],
  ["", "text/plain", {"body": {}}],
  ["", "application/x-www-form-urlencoded", {"form": []}],
  ["", "multipart/form-data; boundary=x", {"form": []}],
  ["", "Application/X-WWW-Form-URLEncoded; charset=utf-8", {"form": []}],
  ["{\"a\": [1, null]}", "application/json", {"body": {"a": [1, null]}}],
  ["{\"a\":1}", "Application/JSON; charset=UTF-8", {"body": {"a": 1}}],
  ["{\"a\":1}", "application/json; charset=\"utf-8\"", {"body": {"a": 1}}],
  ["{\"a\":1}", "application/json; charset=nonsense", {"body": {"a": 1}}],
  ["{\"a\":\"\u00e9\"}", "application/json", {"body": {"a": "\u00e9"}}],
  [Buffer.from('7b2261223a22e9227d', 'hex'), "application/json", {"status": 400, "detail": "JSON parse error - 'utf-8' codec can't decode byte 0xe9 in position 6: invalid continuation byte"}],
  [Buffer.from('ff', 'hex'), "application/json", {"status": 400, "detail": "JSON parse error - 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"}],
  ["\ufeff{\"a\":1}", "application/json", {"status": 400, "detail": "JSON parse error - Expected object or value"}],
  ["{\"a\":", "application/json", {"status": 400, "detail": "JSON parse error - Expected object or value"}],
  ["{\"a\":1} x", "application/json", {"status": 400, "detail": "JSON parse error - Trailing data"}],
  ["-", "application/json", {"body": 0}],
  ['['.repeat(1025) + ']'.repeat(1025), "application/json", {"status": 400, "detail": "JSON parse error - Reached object decoding depth limit"}],
  ["{\"a\":1}", undefined, {"status": 415, "detail": "Unsupported media type \"\" in request."}],
  ["{\"a\":1}", "text/plain", {"status": 415, "detail": "Unsupported media type \"text/plain\" in request."}],
  ["{\"a\":1}", "text/json", {"status": 415, "detail": "Unsupported media type \"text/json\" in request."}],
  ["{\"a\":1}", "application/vnd.api+json", {"status": 415, "detail": "Unsupported media type \"application/vnd.api+json\" in request."}],
  ["{\"a\":1}", "*/*", {"body": {"a": 1}}],
  ["{\"a\":1}", "application/*", {"body": {"a": 1}}],
  ["{\"a\":1}", "*/json", {"body": {"a": 1}}],
  ["a=1&a=2&b=&c", "application/x-www-form-urlencoded", {"form": [["a", ["1", "2"]], ["b", [""]], ["c", [""]]]}],
  ["a=1&a=2&b=", "*/x-www-form-urlencoded", {"form": [["a", ["1", "2"]], ["b", [""]]]}],
  ["n=caf%C3%A9+x&m=%E9", "application/x-www-form-urlencoded", {"form": [["n", ["caf\u00e9 x"]], ["m", ["\ufffd"]]]}],
  [Buffer.from('613de9', 'hex'), "application/x-www-form-urlencoded", {"form": [["a", ["\u00e9"]]]}],
  ["--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.txt\"\r\nContent-Type: text/plain\r\n\r\nfile body\r\n--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\u00e9\r\n--XyZ--\r\n", "multipart/form-data; boundary=XyZ", {"form": [["a", ["1", "\u00e9"]]]}], // DRF puts the file 'f' in request.FILES
  ["--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ--\r\n", "multipart/form-data; boundary=\"XyZ\"", {"form": [["a", ["1"]]]}],
  ["a=1", "multipart/form-data", {"status": 400, "detail": "Multipart form parse error - Invalid boundary in multipart: None"}],
];

async function outcome(raw: string | Buffer, contentType: string | undefined): Promise<Outcome> {
  const result = await parseDrfBody(Buffer.from(raw), contentType);
  if ('error' in result) return { status: result.error.status, detail: (result.error.body as { detail: string }).detail };
  return result.body instanceof Map ? { form: [...(result.body as QueryDict)] } : { body: result.body };
}

describe("parseDrfBody decides as DRF's request.data does", () => {
  for (const [raw, contentType, drf] of table) {
    const body = raw.length > 40 ? `${raw.length} bytes` : JSON.stringify(raw.toString());
    test(`${contentType ?? '(no Content-Type)'}, ${body} → ${JSON.stringify(drf).slice(0, 90)}`, async () => {
      assert.deepEqual(await outcome(raw, contentType), drf);
    });
  }

  test('no body at all is the same as an empty one', async () => {
    assert.deepEqual(await parseDrfBody(undefined, 'application/json'), { body: {} });
    assert.deepEqual(await parseDrfBody(undefined, 'multipart/form-data; boundary=x'), { body: new Map() });
  });
});

describe('webhookInputFromForm (DRF HTML-input rules for WebHookSerializer)', () => {
  const dict = (entries: Array<[string, string[]]>): QueryDict => new Map(entries);
  const table: Array<[name: string, form: QueryDict, partial: boolean, input: Record<string, unknown>]> = [
    ['a missing boolean is false and a missing list [] on create', dict([['target_url', ['https://x.example/']]]), false,
      { enabled: false, target_url: 'https://x.example/', all_events: false, limit_events: [] }],
    ['on PATCH a missing key is skipped', dict([['comment', ['c']]]), true, { comment: 'c' }],
    ['a plain field takes the last value, the list every value in order',
      dict([['comment', ['a', 'b']], ['limit_events', ['e1', 'e2']], ['action_types', ['t1', 't2']]]), true,
      { comment: 'b', limit_events: ['e1', 'e2'], action_types: 't2' }],
    ['an empty boolean counts as missing: absent on PATCH', dict([['enabled', ['']], ['all_events', ['true', '']]]), true, {}],
    ['an empty boolean counts as missing: not false on create either', dict([['enabled', ['']]]), false, { all_events: false, limit_events: [] }],
    ['keys outside the serializer are ignored', dict([['id', ['9']], ['organizer', ['x']]]), true, {}],
  ];
  for (const [name, form, partial, input] of table) test(name, () => assert.deepEqual(webhookInputFromForm(form, partial), input));
});
