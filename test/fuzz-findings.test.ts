import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3 } from 'openapi-types';
import { DEFAULT_SPEC_PATH } from '../src/paths.js';
import { AUTH, BIGEVENTS, TestMock } from './helpers/mock.js';
import { RawClient } from './fuzz/http.js';

// Each case here is a bug the fuzzer found (test/fuzz/), kept as a plain regression test.

let mock: TestMock;
let raw: RawClient;
before(async () => {
  mock = await TestMock.start();
  raw = new RawClient(mock.url);
});
after(async () => {
  raw.close();
  await mock.close();
});

const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const send = async (method: string, path: string, headers: Record<string, string> = {}, body?: string) => {
  const res = await raw.send({ method, path, headers, body: body === undefined ? undefined : Buffer.from(body) });
  return { status: res.status, type: res.contentType, body: res.text ? (JSON.parse(res.text) as unknown) : undefined };
};

describe('answers the spec had no status for', () => {
  const cases: Array<[string, string, Record<string, string>, string | undefined, number, unknown]> = [
    ['OPTIONS ?format=xml on the list (was an HTML 500 with a stack)', `${BIGEVENTS}?format=xml`, { authorization: AUTH.admin }, undefined, 404, { detail: 'Not found.' }],
    ['OPTIONS ?format=xml on a webhook', `${BIGEVENTS}2/?format=xml`, {}, undefined, 404, { detail: 'Not found.' }],
    ['GET /__admin/health/ (the validator matched it loosely: 500)', '/__admin/health/', {}, undefined, 404, { detail: 'Not found.' }],
    ['GET /__admin (was Django\'s HTML 404)', '/__admin', {}, undefined, 404, { detail: 'Not found.' }],
    ['DELETE with an unsupported JSON charset and no body (was an undeclared 415)', '/__admin/sandboxes/sbx_nope', { 'content-type': 'application/json; charset=latin1' }, '', 404, { detail: 'No sandbox "sbx_nope" (it may have been deleted or expired).' }],
    ['GET with a broken JSON body (was an undeclared 400)', '/__admin/faults', { 'content-type': 'application/json' }, '{', 200, { count: 0, results: [] }],
  ];
  for (const [name, path, headers, body, status, expected] of cases) {
    test(name, async () => {
      const method = name.split(' ', 1)[0]!;
      const res = await send(method, path, headers, body);
      assert.deepEqual([res.status, res.type, res.body], [status, 'application/json', expected]);
    });
  }
});

describe('JSON nested deeper than ujson allows (1,024 levels)', () => {
  const json = { authorization: AUTH.admin, 'content-type': 'application/json' };
  test('pretix: 1,025 levels is a JSON parse error; 1,024 levels is parsed', async () => {
    assert.deepEqual(await send('POST', BIGEVENTS, json, deep(1025)), { status: 400, type: 'application/json', body: { detail: 'JSON parse error - Reached object decoding depth limit' } });
    const ok = await send('POST', BIGEVENTS, json, deep(1024));
    assert.deepEqual(ok.body, { non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] });
  });

  test('the journal still answers after a deep body (was a 500: JSON.stringify overflowed)', async () => {
    await send('POST', BIGEVENTS, json, deep(5000));
    const journal = await send('GET', '/__admin/requests?method=POST');
    assert.equal(journal.status, 200);
  });

  test('the control plane refuses a deep body with 400', async () => {
    const body = `{"match": {}, "effect": {"type": "respond", "status": 200, "body": ${deep(1100)}}}`;
    const res = await send('POST', '/__admin/faults', { 'content-type': 'application/json' }, body);
    assert.deepEqual([res.status, (res.body as { detail: string }).detail], [400, 'JSON parse error - Reached object decoding depth limit']);
  });
});

describe('an error answer that breaks the spec', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pretix-mock-findings-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('is a JSON 500 naming the violation, never an HTML page with a stack', async () => {
    const doc = (await SwaggerParser.bundle(DEFAULT_SPEC_PATH)) as OpenAPIV3.Document;
    delete doc.paths['/api/v1/organizers/{organizer}/webhooks/']!.options!.responses['404'];
    const spec = join(dir, 'spec.json');
    await writeFile(spec, JSON.stringify(doc));
    const broken = await TestMock.start({ spec });
    try {
      const res = await broken.call(`${BIGEVENTS}?format=xml`, { method: 'OPTIONS' });
      assert.equal(res.status, 500);
      assert.equal(res.headers.get('content-type'), 'application/json');
      assert.deepEqual(res.body, {
        detail: "pretix-mock's response broke its OpenAPI document",
        violations: [{ path: `${BIGEVENTS}?format=xml`, message: "no schema defined for status code '404' in the openapi spec" }],
      });
    } finally {
      await broken.close();
    }
  });
});
