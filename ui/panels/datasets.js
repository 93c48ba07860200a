import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { usePoll, useAction } from '../hooks.js';
import { ErrorLine, Table, show } from '../parts.js';

const credentialRows = (state) => [
  ...(state.team_tokens ?? []).map((t) => ({ kind: 'team token', token: t.token, name: t.name, active: t.active })),
  ...(state.devices ?? []).map((d) => ({ kind: 'device', token: d.token, name: d.name, active: !d.revoked })),
  ...(state.oauth_tokens ?? []).map((o) => ({ kind: 'OAuth', token: o.token, name: `${o.user} (${(o.scopes ?? []).join(', ')})`, active: true })),
];

function DatasetDetail({ id, live, tokens }) {
  const state = usePoll(() => api('GET', '/state', { query: { sandbox: id } }), [id], { live });
  const d = state.data;
  return html`<section aria-labelledby="dataset-title" class="detail">
    <h3 id="dataset-title">Dataset <code>${id}</code></h3>
    <${ErrorLine} text=${state.error} />
    ${d
      ? html`
          <h4>Organizers</h4>
          <${Table} size="small" label="Organizers" rows=${d.organizers} rowKey=${(o) => o.slug} columns=${[['Slug', 'slug'], ['Name', 'name']]} />
          <h4>Events</h4>
          <${Table} size="small" label="Events" rows=${d.events} rowKey=${(e) => `${e.organizer}/${e.slug}`} columns=${[['Organizer', 'organizer'], ['Slug', 'slug'], ['Name', 'name']]} />
          <h4>Webhooks</h4>
          <${Table} label="Webhooks" rows=${d.webhooks} rowKey=${(w) => w.id} empty="No webhooks."
            columns=${[
              ['Id', 'id'], ['Organizer', 'organizer'], ['Enabled', (w) => (w.enabled ? 'yes' : 'no')], ['Target', 'target_url'],
              ['Events', (w) => (w.all_events ? 'all' : (w.limit_events ?? []).join(', ') || 'none')],
              ['Action types', (w) => (w.action_types ?? []).join(', ')],
            ]} />
          <h4>Credentials</h4>
          <${Table} label="Credentials" rows=${credentialRows(d)} rowKey=${(c) => `${c.kind} ${c.token}`}
            columns=${[['Kind', 'kind'], ['Token', (c) => html`<code>${c.token}</code>`], ['Name', 'name'], ['Active', (c) => (c.active ? 'yes' : 'no')]]} />
          ${tokens ? html`<p class="muted">Authorization values: ${Object.values(tokens).map((t) => html`<code class="chip">${t}</code>`)}</p>` : null}`
      : html`<p class="muted">Loading…</p>`}
  </section>`;
}

/** The shared dataset and the sandboxes: what they hold; reset, create and delete. */
export function DatasetsPanel({ live }) {
  const [selected, setSelected] = useState('shared');
  const list = usePoll(() => api('GET', '/sandboxes'), [], { live });
  const action = useAction(list.refresh);
  const sandboxes = list.data?.results ?? [];
  const rows = [{ id: 'shared', createdAt: null, expiresAt: null }, ...sandboxes];
  const current = rows.some((r) => r.id === selected) ? selected : 'shared';
  return html`<div class="split wide-detail">
    <section aria-labelledby="datasets-title">
      <h2 id="datasets-title">Datasets</h2>
      <div class="toolbar">
        <button onClick=${() => action.run(async () => setSelected((await api('POST', '/sandboxes', { body: {} })).id))} disabled=${action.busy}>Create sandbox</button>
        <button onClick=${() => action.run(() => api('POST', '/reset', { query: { sandbox: current } }))} disabled=${action.busy}>Reset ${current}</button>
        <button onClick=${() => action.run(() => api('DELETE', `/sandboxes/${encodeURIComponent(current)}`))} disabled=${action.busy || current === 'shared'}>Delete ${current}</button>
      </div>
      <${ErrorLine} text=${action.error || list.error} />
      <p class="muted">${list.data ? `${sandboxes.length} of at most ${list.data.max} sandboxes` : ''}</p>
      <${Table} size="small" label="Datasets list" rows=${rows} rowKey=${(r) => r.id} selected=${current} onSelect=${setSelected}
        columns=${[['Id', 'id'], ['Created', (r) => show(r.createdAt)], ['Expires', (r) => show(r.expiresAt)]]} />
    </section>
    <${DatasetDetail} id=${current} live=${live} tokens=${sandboxes.find((s) => s.id === current)?.tokens} />
  </div>`;
}
