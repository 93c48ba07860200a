import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AUTH, BIGEVENTS, DOCS_BODY, TestMock } from './helpers/mock.js';

interface Cell {
  operationId: string;
  method: string;
  path: string;
  status: number;
  hits: number;
}
interface Coverage {
  documented: number;
  exercised: number;
  percent: number;
  matrix: Cell[];
  neverExercised: Array<Omit<Cell, 'hits'>>;
  undocumented: Cell[];
}

/** The documented (operationId, status) pairs of the pretix API, read from the served spec. */
async function documentedResponses(mock: TestMock): Promise<string[]> {
  const doc = (await mock.call('/__admin/openapi.json')).body as { paths: Record<string, Record<string, { operationId?: string; responses?: object }>> };
  return Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/api/'))
    .flatMap(([, item]) => Object.values(item).filter((op) => op.operationId).flatMap((op) => Object.keys(op.responses!).map((s) => `${op.operationId} ${s}`)));
}

const coverage = async (mock: TestMock) => (await mock.call('/__admin/coverage')).body as Coverage;
const hits = (c: Coverage) => Object.fromEntries(c.matrix.filter((m) => m.hits > 0).map((m) => [`${m.operationId} ${m.status}`, m.hits]));

describe('contract coverage', () => {
  let mock: TestMock;
  before(async () => {
    mock = await TestMock.start();
  });
  after(() => mock.close());

  test('a fresh server documents every pretix response and has exercised none (warm-up excluded)', async () => {
    const c = await coverage(mock);
    const documented = await documentedResponses(mock);
    assert.deepEqual(c.matrix.map((m) => `${m.operationId} ${m.status}`), documented);
    assert.deepEqual([c.documented, c.exercised, c.percent], [documented.length, 0, 0]);
    assert.equal(c.neverExercised.length, documented.length);
    assert.deepEqual(c.matrix[0], { operationId: 'listWebhooks', method: 'GET', path: '/api/v1/organizers/{organizer}/webhooks/', status: 200, hits: 0 });
    assert.deepEqual(c.undocumented, []);
  });

  test('the counts match the requests made; faulted answers do not count, delayed ones do', async () => {
    await mock.call(BIGEVENTS, { auth: AUTH.admin });
    await mock.call(BIGEVENTS, { auth: AUTH.admin });
    await mock.call(BIGEVENTS);
    await mock.call(BIGEVENTS, { auth: AUTH.readonly });
    await mock.call(BIGEVENTS, { method: 'POST', auth: AUTH.admin, body: {} });
    await mock.call(`${BIGEVENTS}99/`, { auth: AUTH.admin });
    await mock.call(`${BIGEVENTS}2/`, { method: 'DELETE', auth: AUTH.admin });
    const key = { 'x-idempotency-key': 'coverage' };
    await mock.call(BIGEVENTS, { method: 'POST', auth: AUTH.admin, body: DOCS_BODY, headers: key });
    await mock.call(BIGEVENTS, { method: 'POST', auth: AUTH.admin, body: DOCS_BODY, headers: key }); // replayed 201
    await mock.call(BIGEVENTS, { method: 'HEAD', auth: AUTH.admin }); // HEAD is not a documented operation
    await mock.call('/api/v1/organizers/bigevents/webhook/2/', { auth: AUTH.admin }); // no such route
    await mock.call('/__admin/faults', { method: 'POST', body: { times: 1, effect: { type: 'respond', status: 503 } } });
    await mock.call(BIGEVENTS, { auth: AUTH.admin });
    await mock.call('/__admin/faults', { method: 'POST', body: { times: 1, effect: { type: 'delay', ms: 1 } } });
    await mock.call(`${BIGEVENTS}2/`, { auth: AUTH.admin });
    await mock.call('/__admin/faults', { method: 'POST', body: { times: 1, effect: { type: 'malformed' } } });
    await (await fetch(`${mock.url}${BIGEVENTS}2/`, { headers: { authorization: AUTH.admin } })).text();

    const c = await coverage(mock);
    assert.deepEqual(hits(c), {
      'listWebhooks 200': 2,
      'listWebhooks 401': 1,
      'listWebhooks 403': 1,
      'createWebhook 400': 1,
      'createWebhook 201': 2,
      'getWebhook 404': 1,
      'getWebhook 200': 1,
      'deleteWebhook 204': 1,
    });
    assert.equal(c.exercised, 8);
    assert.equal(c.percent, Math.round((8 / c.documented) * 1000) / 10);
    assert.equal(c.neverExercised.length, c.documented - 8);
    assert.equal(c.neverExercised.some((n) => n.operationId === 'listWebhooks' && n.status === 403), false);
    assert.equal(c.neverExercised.some((n) => n.operationId === 'updateWebhook' && n.status === 403), true);
    assert.deepEqual(c.undocumented, []);
    await mock.call('/__admin/reset', { method: 'POST' });
  });
});

describe('--coverage-report', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pretix-mock-coverage-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('close() writes the matrix as JSON and a Markdown summary beside it', async () => {
    const file = join(dir, 'reports', 'coverage.json');
    const mock = await TestMock.start({ coverageReport: file });
    await mock.call(BIGEVENTS, { auth: AUTH.admin });
    await mock.call(BIGEVENTS, { auth: AUTH.readonly });
    const live = await coverage(mock);
    await mock.close();
    const written = JSON.parse(await readFile(file, 'utf8')) as Coverage;
    assert.deepEqual(written, live);
    assert.deepEqual(hits(written), { 'listWebhooks 200': 1, 'listWebhooks 403': 1 });
    const markdown = await readFile(join(dir, 'reports', 'coverage.md'), 'utf8');
    const lines = markdown.split('\n');
    assert.equal(lines[0], '# pretix-mock contract coverage');
    assert.equal(lines[2], `2 of ${written.documented} documented responses exercised (${written.percent}%).`);
    assert.ok(lines.includes('| listWebhooks | GET | 403 | 1 |'));
    assert.ok(lines.includes('## Never exercised'));
    assert.ok(lines.includes('- updateWebhook (PATCH /api/v1/organizers/{organizer}/webhooks/{id}/) → 403'));
  });
});
