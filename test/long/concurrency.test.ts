import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { AUTH, TestMock } from '../helpers/mock.js';

let mock: TestMock;
before(async () => {
  mock = await TestMock.start({ maxSandboxes: 10 });
});
after(() => mock.close());

const VALID = { target_url: 'https://example.com/hook', limit_events: [], action_types: ['pretix.event.order.placed'] };
const path = (organizer: string) => `/api/v1/organizers/${organizer}/webhooks/`;
const ORGANIZERS: Array<[string, string]> = [['bigevents', 'sandbox-bigevents-admin'], ['acme', 'sandbox-acme-admin']];

async function sandbox(): Promise<Record<string, string>> {
  const res = await mock.call('/__admin/sandboxes', { method: 'POST' });
  assert.equal(res.status, 201);
  return (res.body as { tokens: Record<string, string> }).tokens;
}

async function listAll(organizer: string, auth: string): Promise<Array<{ id: number; comment: string | null }>> {
  const all: Array<{ id: number; comment: string | null }> = [];
  for (let page = 1; page <= 100; page++) {
    const res = await mock.call(`${path(organizer)}?page=${page}`, { auth });
    const body = res.body as { next: string | null; results: typeof all };
    all.push(...body.results);
    if (!body.next) return all;
  }
  throw new Error('more than 100 pages');
}

test('1,000 parallel creates over 2 organizers in 4 datasets: distinct ids, exact counts', { timeout: 60_000 }, async () => {
  // Each dataset has its own id sequence (pretix's is per database), starting at 3 in the fixtures.
  const datasets = [{ token: (t: string) => `Token ${t}` }, ...(await Promise.all([sandbox(), sandbox(), sandbox()])).map((tokens) => ({ token: (t: string) => tokens[t]! }))];
  const jobs = datasets.flatMap((d, di) => ORGANIZERS.flatMap(([organizer, token]) => Array.from({ length: 125 }, (_, i) => ({ di, organizer, auth: d.token(token), comment: `${di}-${organizer}-${i}` }))));
  assert.equal(jobs.length, 1000);
  const answers = await Promise.all(jobs.map((j) => mock.call(path(j.organizer), { method: 'POST', auth: j.auth, body: { ...VALID, comment: j.comment } })));
  assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([201]));
  for (let di = 0; di < datasets.length; di++) {
    const ids = answers.filter((_, i) => jobs[i]!.di === di).map((a) => (a.body as { id: number }).id).sort((a, b) => a - b);
    assert.deepEqual(ids, Array.from({ length: 250 }, (_, i) => i + 3), `dataset ${di}: ids 3..252, each once`);
    for (const [organizer, token] of ORGANIZERS) {
      const listed = await listAll(organizer, datasets[di]!.token(token));
      const mine = listed.filter((w) => w.comment?.startsWith(`${di}-${organizer}-`));
      assert.equal(mine.length, 125, `dataset ${di}, ${organizer}`);
      assert.equal(listed.length, 126, `dataset ${di}, ${organizer}: its fixture webhook and the 125 creations, nothing else`);
    }
  }
});

test('concurrent PATCHes and DELETEs on one webhook end in a state some serial order gives', async () => {
  const tokens = await sandbox();
  const auth = tokens['sandbox-bigevents-admin']!;
  const url = `${path('bigevents')}2/`;
  const ops = Array.from({ length: 60 }, (_, i) => (i % 6 === 5 ? { method: 'DELETE' } : { method: 'PATCH', body: { comment: `c${i}` } }));
  const answers = await Promise.all(ops.map((op) => mock.call(url, { ...op, auth })));
  const patches = answers.filter((_, i) => ops[i]!.method === 'PATCH');
  assert.ok(answers.every((a, i) => a.status === (ops[i]!.method === 'PATCH' ? 200 : 204)));
  // Each PATCH answer shows the state right after it: enabled unless a DELETE came first.
  const afterDelete = patches.filter((a) => !(a.body as { enabled: boolean }).enabled).map((a) => (a.body as { comment: string }).comment);
  const final = (await mock.call(url, { auth })).body as { enabled: boolean; comment: string };
  assert.equal(final.enabled, false, 'no operation enables it again');
  const candidates = afterDelete.length > 0 ? afterDelete : patches.map((a) => (a.body as { comment: string }).comment);
  assert.ok(candidates.includes(final.comment), `the last PATCH must be one answered after a DELETE: ${final.comment}`);
  for (const a of patches) {
    const body = a.body as Record<string, unknown>;
    assert.deepEqual({ ...body, comment: null, enabled: null }, { ...final, comment: null, enabled: null }, 'PATCH changes nothing but the comment');
  }
});

/** POST with an idempotency key whose body is held back until `send()`: the lock is taken first. */
function heldPost(key: string, auth: string): { answered: Promise<{ status: number; text: string }>; locked: Promise<void>; send: () => void } {
  const url = new URL(mock.url + path('bigevents'));
  const body = JSON.stringify(VALID);
  let locked!: () => void;
  let send!: () => void;
  const lockedP = new Promise<void>((resolve) => (locked = resolve));
  const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(
      {
        method: 'POST', host: url.hostname, port: url.port, path: url.pathname,
        headers: { authorization: auth, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-idempotency-key': key, expect: '100-continue' },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      },
    );
    req.on('error', reject);
    req.on('continue', locked);
    send = () => req.end(body);
    req.flushHeaders();
  });
  return { answered, locked: lockedP, send };
}

test('idempotency under concurrency: one execution; in-flight duplicates get 409, later ones the replay', async () => {
  const auth = (await sandbox())['sandbox-bigevents-admin']!;
  const before = (await listAll('bigevents', auth)).length;
  const first = heldPost('same', auth);
  await first.locked;
  const duplicates = await Promise.all(Array.from({ length: 30 }, () => mock.call(path('bigevents'), { method: 'POST', auth, body: VALID, headers: { 'x-idempotency-key': 'same' } })));
  for (const d of duplicates) {
    assert.deepEqual([d.status, d.body, d.headers.get('retry-after')], [409, { detail: 'Concurrent request with idempotency key.' }, '5']);
  }
  first.send();
  const done = await first.answered;
  assert.equal(done.status, 201);
  const replays = await Promise.all(Array.from({ length: 30 }, () => mock.call(path('bigevents'), { method: 'POST', auth, body: VALID, headers: { 'x-idempotency-key': 'same' } })));
  assert.ok(replays.every((r) => r.status === 201 && r.text === done.text));
  assert.equal((await listAll('bigevents', auth)).length, before + 1, 'exactly one creation');
});

test('idempotency under a storm: 100 keys, each sent 5 times at once: exactly 100 creations', async () => {
  const auth = (await sandbox())['sandbox-bigevents-admin']!;
  const before = (await listAll('bigevents', auth)).length;
  const keys = Array.from({ length: 500 }, (_, i) => `key-${i % 100}`);
  const answers = await Promise.all(keys.map((key) => mock.call(path('bigevents'), { method: 'POST', auth, body: VALID, headers: { 'x-idempotency-key': key } })));
  assert.deepEqual(new Set(answers.map((a) => a.status)), new Set(answers.some((a) => a.status === 409) ? [201, 409] : [201]));
  const byKey = new Map<string, Set<string>>();
  answers.forEach((a, i) => a.status === 201 && byKey.set(keys[i]!, (byKey.get(keys[i]!) ?? new Set()).add(a.text)));
  assert.ok([...byKey.values()].every((texts) => texts.size === 1), 'every 201 of a key is the same answer');
  assert.equal((await listAll('bigevents', auth)).length, before + 100);
});
