import { adminJson, fail, type Harness } from './harness.js';
import { represent } from './pretix-command.js';
import type { Model } from './model.js';
import type { Fixture, WebhookRecord } from '../../src/store/fixture-types.js';

const stateOf = (h: Harness, id: string) => adminJson<Fixture>(h, 'GET', id === 'shared' ? '/__admin/state' : `/__admin/state?sandbox=${id}`, 200);

/**
 * After every step: each dataset holds exactly the model's webhooks (so the count equals the
 * creations, and nothing written through one dataset's credentials shows up in another), ids are
 * unique and increasing, action_types sorted, the id sequence where the model expects it, and
 * the sandboxes are the model's.
 */
export async function checkInvariants(model: Model, h: Harness): Promise<void> {
  const listed = await adminJson<{ results: Array<{ id: string }> }>(h, 'GET', '/__admin/sandboxes', 200);
  const ids = listed.results.map((s) => s.id).sort();
  const expected = model.sandboxes().map((s) => s.id).sort();
  if (JSON.stringify(ids) !== JSON.stringify(expected)) fail(`sandboxes ${ids.join(',')}; the model has ${expected.join(',')}`);
  for (const dataset of model.datasets.values()) {
    const state = await stateOf(h, dataset.id);
    const where = `dataset ${dataset.id}`;
    state.webhooks.forEach((w, i) => {
      if (i > 0 && state.webhooks[i - 1]!.id >= w.id) fail(`${where}: webhook ids not unique and increasing at ${w.id}`);
      if (w.action_types.some((t, j) => j > 0 && w.action_types[j - 1]! > t)) fail(`${where}: webhook ${w.id} has unsorted action_types`);
      if (w.id >= state.webhook_next_id) fail(`${where}: webhook ${w.id} is not below the next id ${state.webhook_next_id}`);
    });
    const mine = [...dataset.webhooks.values()].sort((a, b) => a.id - b.id);
    const show = (list: WebhookRecord[]) => list.map((w) => `${w.organizer}:${represent(w)}`).join('\n');
    if (show(state.webhooks) !== show(mine)) fail(`${where}: the server holds\n${show(state.webhooks)}\nthe model\n${show(mine)}`);
    if (state.webhook_next_id !== dataset.nextId) fail(`${where}: next id ${state.webhook_next_id}, the model says ${dataset.nextId}`);
  }
}

/**
 * At the end of a run, through the pretix API itself: every page of every organizer's list, for
 * each dataset, read with an admin credential of that dataset, equals the model.
 */
export async function checkThroughApi(model: Model, h: Harness): Promise<void> {
  for (const dataset of model.datasets.values()) {
    for (const { slug } of dataset.doc.organizers) {
      const auth = Object.values(dataset.auth).find((a) => dataset.allows(a, slug, 'GET'));
      if (!auth) continue;
      const seen: string[] = [];
      for (let page = 1; page <= 1000; page++) {
        h.stats.checkRequests++;
        const res = await h.client.send({ method: 'GET', path: `/api/v1/organizers/${slug}/webhooks/?page=${page}&page_size=7`, headers: { authorization: auth } });
        if (res.status !== 200) fail(`${dataset.id}/${slug} page ${page}: ${res.status} ${res.text.slice(0, 200)}`);
        const body = JSON.parse(res.text) as { count: number; next: string | null; results: unknown[] };
        seen.push(...body.results.map((w) => JSON.stringify(w)));
        if (body.count !== dataset.of(slug).length) fail(`${dataset.id}/${slug}: count ${body.count}, the model has ${dataset.of(slug).length}`);
        if (!body.next) break;
      }
      const mine = dataset.of(slug).map(represent);
      if (seen.join('\n') !== mine.join('\n')) fail(`${dataset.id}/${slug}: the API lists\n${seen.join('\n')}\nthe model\n${mine.join('\n')}`);
    }
  }
}
