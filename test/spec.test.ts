import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { loadSpec, SpecError, startMockServer } from '../src/index.js';
import { DEFAULT_SPEC_PATH, PACKAGE_ROOT } from '../src/paths.js';
import { AUTH, BIGEVENTS, DOCS_BODY, TestMock, WEBHOOK_2 } from './helpers/mock.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pretix-mock-spec-'));
});
after(() => rm(dir, { recursive: true, force: true }));

/** A copy of openapi/ with one file edited. */
async function specVariant(name: string, file: string, edit: (text: string) => string): Promise<string> {
  const target = join(dir, name);
  await cp(join(PACKAGE_ROOT, 'openapi'), target, { recursive: true });
  const path = join(target, file);
  const before = await readFile(path, 'utf8');
  const after = edit(before);
  assert.notEqual(after, before, 'the edit must change the file');
  await writeFile(path, after);
  return join(target, 'pretix-webhooks.yaml');
}

test('the running server serves the bundled document at /__admin/openapi.json', async () => {
  const mock = await TestMock.start();
  try {
    const res = await mock.call('/__admin/openapi.json');
    assert.equal(res.status, 200);
    const doc = res.body as { openapi: string; paths: Record<string, Record<string, { operationId?: string }>> };
    const ops = Object.values(doc.paths).flatMap((item) => Object.values(item).map((o) => o.operationId));
    assert.deepEqual(res.body, (await loadSpec()).document);
    for (const id of ['listWebhooks', 'createWebhook', 'getWebhook', 'replaceWebhook', 'updateWebhook', 'deleteWebhook']) {
      assert.ok(ops.includes(id), id);
    }
    assert.ok(!JSON.stringify(doc).includes('.yaml#'), 'no external references are left');
  } finally {
    await mock.close();
  }
});

test("the spec carries the docs' examples, as the server answers them", async () => {
  const { document } = await loadSpec();
  const list = document.paths['/api/v1/organizers/{organizer}/webhooks/']!;
  const listExample = (list.get!.responses['200'] as { content: Record<string, { examples: Record<string, { value: unknown }> }> })
    .content['application/json']!.examples.docs!.value;
  assert.deepEqual(listExample, { count: 1, next: null, previous: null, results: [WEBHOOK_2] });
  const createBody = (list.post!.requestBody as { content: Record<string, { examples: Record<string, { value: unknown }> }> })
    .content['application/json']!.examples.docs!.value;
  assert.deepEqual(createBody, DOCS_BODY);
});

describe('a broken spec refuses to start, naming the problem', () => {
  const cases: Array<[string, string, (t: string) => string, RegExp]> = [
    ['YAML syntax', 'pretix-webhooks.yaml', (t) => t.replace('paths:\n', 'paths:\n  - [unclosed\n'), /pretix-webhooks\.yaml is broken: .*/],
    ['a dangling $ref', 'pretix/pretix.yaml', (t) => t.replace("$ref: '#/components/responses/Forbidden'", "$ref: '#/components/responses/Nope'"), /Nope/],
    ['an invalid OpenAPI structure', 'pretix/pretix.yaml', (t) => t.replace('operationId: listWebhooks', 'operationId: [listWebhooks]'), /is broken: .*(operationId|Swagger schema validation failed)/],
    ['a broken referenced file', 'fixture.yaml', (t) => t.replace('Fixture:\n', 'Fixture: [\n'), /is broken/],
  ];
  for (const [name, file, edit, pattern] of cases) {
    test(name, async () => {
      const spec = await specVariant(name.replaceAll(' ', '-'), file, edit);
      await assert.rejects(startMockServer({ spec }), (err: Error) => {
        assert.ok(err instanceof SpecError, String(err));
        assert.ok(err.message.startsWith(`OpenAPI document ${spec} is broken: `), err.message);
        assert.match(err.message, pattern);
        return true;
      });
    });
  }
});

test("an answer that breaks the spec is a logged 500 naming the violation (a mock bug, never pretix)", async () => {
  const spec = await specVariant('strict-url', 'pretix/pretix.yaml', (t) =>
    t.replace('        target_url:\n          type: string\n          maxLength: 1024\n          description: The URL to call.', '        target_url:\n          type: string\n          maxLength: 10\n          description: The URL to call.'),
  );
  const lines: string[] = [];
  const logger = pino({ level: 'error' }, new Writable({ write(chunk, _e, cb) { lines.push(String(chunk)); cb(); } }));
  const mock = await TestMock.start({ spec, logger });
  try {
    const res = await mock.call(`${BIGEVENTS}2/`, { auth: AUTH.admin });
    assert.equal(res.status, 500);
    assert.deepEqual(res.body, {
      detail: "pretix-mock's response broke its OpenAPI document",
      violations: [{ path: '/response/target_url', message: 'must NOT have more than 10 characters' }],
    });
    const logged = lines.map((l) => JSON.parse(l) as { msg: string; violations?: unknown });
    assert.ok(logged.some((l) => l.msg === "pretix-mock's response broke its OpenAPI document" && Array.isArray(l.violations)), lines.join(''));
  } finally {
    await mock.close();
  }
});

test('the default spec path is the packaged one', () => {
  assert.equal(DEFAULT_SPEC_PATH, join(PACKAGE_ROOT, 'openapi', 'pretix-webhooks.yaml'));
});

describe('the build records the checked spec; a start with byte-identical files reuses it', () => {
  test('the recorded document and its dereferenced form equal what swagger-parser gives', async () => {
    const { checkSpec } = await import('../src/spec/load-spec.js');
    const fresh = await checkSpec(DEFAULT_SPEC_PATH);
    const reused = await loadSpec();
    assert.deepEqual(reused.document, fresh.document);
    assert.deepEqual(reused.dereferenced, fresh.dereferenced);
  });

  test('later starts in the process get the same documents, so they reuse the compiled validators; each server validates', async () => {
    assert.equal((await loadSpec()).dereferenced, (await loadSpec()).dereferenced);
    for (const round of [1, 2]) {
      const mock = await TestMock.start();
      try {
        const res = await mock.call(BIGEVENTS, { method: 'POST', auth: AUTH.admin, body: { ...DOCS_BODY, enabled: 'maybe' } });
        assert.deepEqual([round, res.status, res.body], [round, 400, { enabled: ['Must be a valid boolean.'] }]);
      } finally {
        await mock.close();
      }
    }
  });

  test('a changed or added file makes the record useless', async () => {
    const { readCheckedSpec, writeCheckedSpec } = await import('../src/spec/checked-spec.js');
    const { checkSpec } = await import('../src/spec/load-spec.js');
    const spec = await specVariant('recorded', 'fixture.yaml', (t) => `${t}\n`);
    const record = join(dir, 'recorded.json');
    await writeCheckedSpec(spec, (await checkSpec(spec)).document, record);
    assert.ok(await readCheckedSpec(spec, record), 'unchanged files reuse the record');
    await writeFile(join(dir, 'recorded', 'admin', 'extra.yaml'), 'x: 1\n');
    assert.equal(await readCheckedSpec(spec, record), undefined, 'an added file');
    await rm(join(dir, 'recorded', 'admin', 'extra.yaml'));
    await writeFile(join(dir, 'recorded', 'fixture.yaml'), `${await readFile(join(dir, 'recorded', 'fixture.yaml'), 'utf8')}# edited\n`);
    assert.equal(await readCheckedSpec(spec, record), undefined, 'an edited file');
  });
});
