// The split documents: the pretix contract (openapi/pretix/pretix.yaml) and the control plane
// (openapi/mock-admin.yaml) stand alone, the mock's document joins exactly them, and the server
// serves each at its own URL. The generated pretix types (pretix-mock/api) know no mock route.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3 } from 'openapi-types';
import type { paths as PretixPaths } from '../src/generated/pretix-api.js';
import type { paths as ControlPaths } from '../src/generated/control-api.js';
import { CONTROL_SPEC_PATH, PRETIX_SPEC_PATH } from '../src/paths.js';
import { TestMock } from './helpers/mock.js';

let mock: TestMock;
before(async () => {
  mock = await TestMock.start();
});
after(() => mock.close());

const served = async (path: string) => {
  const res = await mock.call(path);
  assert.equal(res.status, 200, path);
  return res.body as OpenAPIV3.Document;
};
const bundled = async (path: string) => (await SwaggerParser.bundle(path)) as OpenAPIV3.Document;

const parts: Array<[string, string, string, (path: string) => boolean]> = [
  ['the pretix contract', '/__admin/openapi/pretix.json', PRETIX_SPEC_PATH, (p) => p.startsWith('/api/')],
  ['the control plane', '/__admin/openapi/mock-admin.json', CONTROL_SPEC_PATH, (p) => p.startsWith('/__admin/')],
];
for (const [name, url, file, owns] of parts) {
  test(`${name} is served at ${url}: its own file's paths, components, tags and security`, async () => {
    const doc = await served(url);
    const own = await bundled(file);
    assert.ok(Object.keys(doc.paths).length > 0);
    assert.deepEqual(Object.keys(doc.paths).filter((p) => !owns(p)), []);
    for (const key of ['paths', 'components', 'tags', 'security'] as const) assert.deepEqual(doc[key], own[key], key);
    assert.equal(doc.info.title, own.info.title);
  });
}

test('the mock\'s document at /__admin/openapi.json joins exactly the two', async () => {
  const whole = await served('/__admin/openapi.json');
  const [pretix, control] = await Promise.all([bundled(PRETIX_SPEC_PATH), bundled(CONTROL_SPEC_PATH)]);
  assert.deepEqual(Object.keys(whole.paths).sort(), [...Object.keys(pretix.paths), ...Object.keys(control.paths)].sort());
  for (const section of ['schemas', 'responses', 'parameters', 'headers', 'securitySchemes'] as const) {
    const names = new Set([...Object.keys(pretix.components?.[section] ?? {}), ...Object.keys(control.components?.[section] ?? {})]);
    assert.deepEqual(Object.keys(whole.components?.[section] ?? {}).sort(), [...names].sort(), section);
  }
});

test('a fault effect is a oneOf over the types, and the request shape has exactly their fields', async () => {
  const { components } = (await SwaggerParser.dereference(CONTROL_SPEC_PATH)) as OpenAPIV3.Document;
  const schemas = components!.schemas as Record<string, OpenAPIV3.SchemaObject>;
  const effect = schemas.FaultEffect!;
  const members = effect.oneOf as OpenAPIV3.SchemaObject[];
  const types = members.map((m) => ((m.properties!.type as OpenAPIV3.SchemaObject).enum as string[])[0]);
  assert.deepEqual(Object.keys(effect.discriminator!.mapping!), types);
  const input = schemas.FaultEffectInput!;
  assert.deepEqual((input.properties!.type as OpenAPIV3.SchemaObject).enum, types);
  const fields = new Map(members.flatMap((m) => Object.entries(m.properties!)).filter(([k]) => k !== 'type'));
  assert.deepEqual(Object.keys(input.properties!).filter((k) => k !== 'type').sort(), [...fields.keys()].sort());
  for (const [k, schema] of fields) assert.deepEqual(input.properties![k], schema, k);
});

test('the generated pretix types have no control-plane path; the control plane\'s have no pretix path', () => {
  type Mock<P> = Extract<keyof P, `/__admin/${string}`>;
  type Api<P> = Extract<keyof P, `/api/${string}`>;
  const none: [Mock<PretixPaths>, Api<ControlPaths>] extends [never, never] ? true : false = true;
  const some: [Api<PretixPaths>, Mock<ControlPaths>] extends [never, never] ? false : true = true;
  assert.deepEqual([none, some], [true, true]);
});
