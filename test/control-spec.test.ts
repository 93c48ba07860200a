import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TestMock } from './helpers/mock.js';

interface Operation {
  operationId?: string;
  tags?: string[];
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
}
type PathItem = Record<string, Operation> & { parameters?: unknown[] };

let mock: TestMock;
let doc: { paths: Record<string, PathItem> };
before(async () => {
  mock = await TestMock.start();
  doc = (await mock.call('/__admin/openapi.json')).body as typeof doc;
});
after(() => mock.close());

const adminOperations = () =>
  Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/__admin/'))
    .flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => ['get', 'put', 'post', 'delete', 'patch'].includes(method))
        .map(([method, op]) => ({ path, method, op: op as Operation, pathParameters: item.parameters ?? [] })));

test('every control-plane operation is tagged mock-admin and declares the guard and self-check answers', () => {
  const ops = adminOperations();
  assert.ok(ops.length >= 13);
  for (const { path, method, op } of ops) {
    assert.deepEqual(op.tags, ['mock-admin'], `${method} ${path}`);
    // /__admin/health (Docker's HEALTHCHECK) and the dashboard's page and assets are exempt from
    // the guard, so they cannot answer 401/403.
    if (['/__admin/health', '/__admin/', '/__admin/ui/{file}'].includes(path)) continue;
    for (const status of ['401', '403', '500']) assert.ok(status in op.responses, `${method} ${path} lacks ${status}`);
  }
});

test('operations that take parameters or a body declare 400; those with a body also 413 and 415', () => {
  for (const { path, method, op, pathParameters } of adminOperations()) {
    if (op.requestBody || (op.parameters ?? []).length > 0 || pathParameters.length > 0) assert.ok('400' in op.responses, `${method} ${path} lacks 400`);
    if (op.requestBody) for (const status of ['413', '415']) assert.ok(status in op.responses, `${method} ${path} lacks ${status}`);
  }
});

test('the bundled document refers only to named components', async () => {
  const text = (await mock.call('/__admin/openapi.json')).text;
  const refs = [...text.matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
  assert.ok(refs.length > 100);
  assert.deepEqual(refs.filter((r) => !r.startsWith('#/components/')), []);
});
