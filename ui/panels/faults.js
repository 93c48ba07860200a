import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { usePoll, useAction } from '../hooks.js';
import { ErrorLine, Table, show } from '../parts.js';

const EXAMPLE = JSON.stringify({ match: { method: 'POST', operationId: 'createWebhook' }, times: 1, effect: { type: 'respond', status: 503 } }, null, 2);

/** The fault rules (hits, remaining uses; add, remove, clear) and the contract coverage matrix. */
export function FaultsPanel({ live, coverage }) {
  const [rule, setRule] = useState(EXAMPLE);
  const faults = usePoll(() => api('GET', '/faults'), [], { live });
  const action = useAction(faults.refresh);
  const add = (e) => {
    e.preventDefault();
    void action.run(() => api('POST', '/faults', { body: JSON.parse(rule) }));
  };
  return html`<div class="split wide-detail">
    <section aria-labelledby="faults-title">
      <h2 id="faults-title">Faults</h2>
      <${ErrorLine} text=${action.error || faults.error} />
      <${Table} label="Fault rules" rows=${faults.data?.results ?? []} rowKey=${(r) => r.id} empty="No fault rules."
        columns=${[['#', 'id'], ['Match', (r) => show(r.match)], ['Effect', (r) => show(r.effect)], ['Hits', 'hits'], ['Remaining', (r) => (r.remaining === null ? 'unlimited' : r.remaining)]]}
        actions=${(r) => html`<button aria-label=${`Remove rule ${r.id}`} onClick=${() => action.run(() => api('DELETE', `/faults/${r.id}`))}>Remove</button>`} />
      <form class="stack" onSubmit=${add}>
        <label>New rule (JSON, as POST /__admin/faults takes it)
          <textarea name="rule" rows="7" value=${rule} onInput=${(e) => setRule(e.currentTarget.value)}></textarea></label>
        <div class="toolbar">
          <button type="submit" disabled=${action.busy}>Add rule</button>
          <button type="button" onClick=${() => action.run(() => api('DELETE', '/faults'))}>Clear all rules</button>
        </div>
      </form>
    </section>
    <${CoverageMatrix} coverage=${coverage} />
  </div>`;
}

/** Operations × declared statuses; a declared response no client has received yet is marked. */
function CoverageMatrix({ coverage }) {
  const c = coverage.data;
  if (!c) return html`<section class="detail"><h2>Coverage</h2><${ErrorLine} text=${coverage.error} /></section>`;
  const statuses = [...new Set(c.matrix.map((m) => m.status))].sort((a, b) => a - b);
  const ops = [...new Map(c.matrix.map((m) => [m.operationId, m])).values()];
  const cell = (op, status) => c.matrix.find((m) => m.operationId === op && m.status === status);
  return html`<section aria-labelledby="coverage-title" class="detail">
    <h2 id="coverage-title">Coverage</h2>
    <p>${c.exercised} of ${c.documented} documented responses exercised (${c.percent} %). <span class="cell unexercised">0</span> = declared, never received; · = not declared.</p>
    <div class="table-wrap tall" tabindex="0" role="region" aria-label="Coverage matrix">
      <table class="matrix">
        <thead><tr><th scope="col">Operation</th>${statuses.map((s) => html`<th scope="col">${s}</th>`)}</tr></thead>
        <tbody>${ops.map((op) => html`<tr key=${op.operationId}><th scope="row" title=${`${op.method} ${op.path}`}>${op.operationId}</th>
          ${statuses.map((s) => {
            const m = cell(op.operationId, s);
            return html`<td class=${`cell ${!m ? 'undeclared' : m.hits === 0 ? 'unexercised' : 'exercised'}`}>${m ? m.hits : '·'}</td>`;
          })}</tr>`)}</tbody>
      </table>
    </div>
    ${c.undocumented.length ? html`<p>Undocumented answers: ${c.undocumented.map((u) => `${u.operationId} ${u.status} (${u.hits})`).join(', ')}</p>` : null}
  </section>`;
}
