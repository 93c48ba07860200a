// The webhook's field table (src/pretix/webhook-fields.ts) against the spec's Webhook,
// WebhookFields and WebhookCreate schemas: the table itself, and what the server answers from it
// (OPTIONS metadata, the representation, the serializer's required fields and length limits).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { OpenAPIV3 } from 'openapi-types';
import { WEBHOOK_FIELDS } from '../src/pretix/resources/webhooks/webhook-fields.js';
import { AUTH, BIGEVENTS, DOCS_BODY, TestMock } from './helpers/mock.js';

type Schema = OpenAPIV3.SchemaObject;
let mock: TestMock;
let schemas: Record<string, Schema>;
before(async () => {
  mock = await TestMock.start();
  const doc = (await mock.call('/__admin/openapi/pretix.json')).body as OpenAPIV3.Document;
  schemas = doc.components!.schemas as Record<string, Schema>;
});
after(() => mock.close());

const webhook = () => schemas.Webhook!;
const names = () => Object.keys(webhook().properties!);
const writable = () => Object.keys(schemas.WebhookFields!.properties!);
const requiredOnCreate = () => schemas.WebhookCreate!.required!;
const maxLength = (name: string) => (webhook().properties![name] as Schema).maxLength;

test('the table has the Webhook schema\'s fields, in its order, with its required fields and limits', () => {
  assert.deepEqual(WEBHOOK_FIELDS.map((f) => f.name), names());
  assert.deepEqual(webhook().required, names());
  for (const f of WEBHOOK_FIELDS) {
    assert.equal(f.readOnly, !writable().includes(f.name), `${f.name} read-only`);
    assert.equal(f.required, requiredOnCreate().includes(f.name), `${f.name} required`);
    assert.equal('maxLength' in f ? f.maxLength : undefined, maxLength(f.name), `${f.name} maxLength`);
  }
});

test('OPTIONS describes the spec\'s fields: names in order, required, read-only, max_length', async () => {
  const res = await mock.call(BIGEVENTS, { method: 'OPTIONS', auth: AUTH.admin });
  assert.equal(res.status, 200);
  const fields = (res.body as { actions: { POST: Record<string, { required: boolean; read_only: boolean; max_length?: number }> } }).actions.POST;
  assert.deepEqual(Object.keys(fields), names());
  for (const [name, info] of Object.entries(fields)) {
    assert.deepEqual([info.required, info.read_only, info.max_length], [requiredOnCreate().includes(name), !writable().includes(name), maxLength(name)], name);
  }
});

test('a created webhook has the spec\'s keys in the spec\'s order', async () => {
  const res = await mock.call(BIGEVENTS, { method: 'POST', auth: AUTH.admin, body: DOCS_BODY });
  assert.equal(res.status, 201);
  assert.deepEqual(Object.keys(res.body as object), names());
});

test('the serializer requires the spec\'s required fields, reported in field order', async () => {
  const res = await mock.call(BIGEVENTS, { method: 'POST', auth: AUTH.admin, body: {} });
  assert.equal(res.status, 400);
  assert.deepEqual(res.body, Object.fromEntries(names().filter((n) => requiredOnCreate().includes(n)).map((n) => [n, ['This field is required.']])));
});

test('the serializer\'s length limits are the spec\'s maxLength', async () => {
  for (const name of names().filter((n) => maxLength(n) !== undefined && writable().includes(n))) {
    const max = maxLength(name)!;
    const value = name === 'target_url' ? `https://example.com/${'a'.repeat(max)}` : 'a'.repeat(max + 1);
    const res = await mock.call(BIGEVENTS, { method: 'POST', auth: AUTH.admin, body: { ...DOCS_BODY, [name]: value } });
    assert.equal(res.status, 400, name);
    assert.ok(((res.body as Record<string, string[]>)[name] ?? []).includes(`Ensure this field has no more than ${max} characters.`), `${name}: ${JSON.stringify(res.body)}`);
  }
});
