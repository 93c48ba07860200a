import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { usePoll } from '../hooks.js';
import { ErrorLine, Fields, Table, show } from '../parts.js';

/** How many of the newest entries the table shows (the journal may keep thousands). */
const SHOWN = 200;

/** The request journal, newest first, live; filter by sandbox, status and operation. */
export function RequestsPanel({ live, operations }) {
  const [filter, setFilter] = useState({ sandbox: '', status: '', operationId: '' });
  // What is typed into the text boxes, applied to the filter on change. The boxes show this, not
  // the filter: the journal re-renders on every poll, and a box bound to the filter would be reset
  // to it then, losing what was typed before Enter or Tab.
  const [typed, setTyped] = useState({ sandbox: '', status: '' });
  const [selected, setSelected] = useState(undefined);
  const journal = usePoll(() => api('GET', '/requests', { query: filter }), [filter.sandbox, filter.status, filter.operationId], { live });
  const entries = [...(journal.data?.results ?? [])].sort((a, b) => b.id - a.id).slice(0, SHOWN);
  const set = (name) => (e) => {
    const value = e.currentTarget.value.trim();
    setFilter((f) => ({ ...f, [name]: value }));
  };
  const type = (name) => (e) => {
    const value = e.currentTarget.value;
    setTyped((t) => ({ ...t, [name]: value }));
  };
  const entry = entries.find((e) => e.id === selected);
  return html`<section aria-labelledby="requests-title">
    <h2 id="requests-title">Requests</h2>
    <form class="toolbar" onSubmit=${(e) => e.preventDefault()}>
      <label>Sandbox <input name="sandbox" value=${typed.sandbox} onInput=${type('sandbox')} onChange=${set('sandbox')} placeholder="any" size="12" /></label>
      <label>Status <input name="status" value=${typed.status} onInput=${type('status')} onChange=${set('status')} placeholder="any" inputmode="numeric" size="5" /></label>
      <label>Operation
        <select name="operationId" value=${filter.operationId} onChange=${set('operationId')}>
          <option value="">any</option>
          ${operations.map((op) => html`<option value=${op}>${op}</option>`)}
        </select>
      </label>
    </form>
    <${ErrorLine} text=${journal.error} />
    <p class="muted">${journal.data ? `${journal.data.count} matching, journal keeps ${journal.data.capacity} (${journal.data.evicted} evicted)${journal.data.count > SHOWN ? `; the newest ${SHOWN} shown` : ''}` : ''}</p>
    <div class="split">
      <${Table} label="Journal" rows=${entries} rowKey=${(e) => e.id} selected=${selected} onSelect=${setSelected} empty="No requests yet."
        columns=${[
          ['#', 'id'], ['Time', (e) => show(e.time).slice(11, 23)], ['Sandbox', 'sandbox'], ['Method', 'method'], ['Path', 'path'],
          ['Status', (e) => html`<span class=${`status s${String(e.status ?? 0)[0]}`}>${show(e.status)}</span>`],
          ['Credential', (e) => show(e.headers?.authorization)], ['ms', (e) => (typeof e.durationMs === 'number' ? e.durationMs.toFixed(1) : show(e.durationMs))],
          ['Operation', 'operationId'],
        ]} />
      <section class="detail" aria-label="Selected request"><${Fields} record=${entry} /></section>
    </div>
  </section>`;
}
