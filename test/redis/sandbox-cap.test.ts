import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Replicas } from '../helpers/replicas.js';
import { json } from './raw-http.js';

let cluster: Replicas;

before(async () => {
  cluster = await Replicas.start(2, ['--max-sandboxes', '3']);
});
after(() => cluster?.stop());

describe('the sandbox cap is one for all replicas', () => {
  it('10 concurrent creates across replicas: exactly 3 sandboxes, the rest 429; a delete on one frees a place on the other', { timeout: 60_000 }, async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => json(cluster.random().url, 'POST', '/__admin/sandboxes', undefined, {})));
    const created = answers.filter((a) => a.status === 201);
    assert.equal(created.length, 3, answers.map((a) => `${a.status} ${a.body}`).join('\n'));
    for (const refused of answers.filter((a) => a.status !== 201)) {
      assert.equal(refused.status, 429);
      assert.deepEqual(refused.json, { detail: 'All 3 sandboxes are in use (--max-sandboxes). Delete one (DELETE /__admin/sandboxes/{id}) or wait for an idle one to expire.' });
      assert.match(refused.headers.find(([n]) => n === 'retry-after')?.[1] ?? '', /^[1-9]\d*$/);
    }
    const [a, b] = cluster.replicas;
    assert.equal((await json(a!.url, 'DELETE', `/__admin/sandboxes/${created[0]!.json.id}`)).status, 204);
    assert.equal((await json(b!.url, 'DELETE', `/__admin/sandboxes/${created[0]!.json.id}`)).status, 404);
    assert.equal((await json(b!.url, 'POST', '/__admin/sandboxes', undefined, {})).status, 201);
    assert.equal((await json(a!.url, 'POST', '/__admin/sandboxes', undefined, {})).status, 429);
  });
});
