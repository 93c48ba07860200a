import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { usePoll, useAction } from '../hooks.js';
import { ErrorLine, Fields, Table, show } from '../parts.js';
import { NotifyForm } from './notify-form.js';

const SHOWN = 200;

const dueIn = (iso, now) => {
  const s = Math.max(0, Math.round((Date.parse(iso) - now) / 1000));
  return s < 120 ? `in ${s} s` : s < 7200 ? `in ${Math.round(s / 60)} min` : `in ${Math.round(s / 3600)} h`;
};

/** The delivery log, the pending retries (expedite, drop) and the notification form. */
export function DeliveriesPanel({ live }) {
  const [selected, setSelected] = useState(undefined);
  const log = usePoll(() => api('GET', '/deliveries'), [], { live });
  const sandboxes = usePoll(() => api('GET', '/sandboxes'), [], { live, everyMs: 5000 });
  const action = useAction(log.refresh);
  const records = (log.data?.results ?? []).slice(0, SHOWN);
  const pending = log.data?.pending ?? [];
  const now = Date.now();
  const record = records.find((r) => r.id === selected);
  const select = (p) => ({ sandbox: p.sandbox, webhook: p.webhook });
  return html`<div class="split">
    <section aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">Deliveries</h2>
      <${ErrorLine} text=${action.error || log.error} />
      <p class="muted">${log.data ? Object.entries(log.data.stats).map(([k, v]) => `${k.replace(/_/g, ' ')}: ${v}`).join(' · ') : ''}</p>
      <h3>Pending retries</h3>
      <div class="toolbar">
        <button onClick=${() => action.run(() => api('POST', '/deliveries/retries/expedite'))} disabled=${pending.length === 0}>Expedite all</button>
        <button onClick=${() => action.run(() => api('POST', '/deliveries/retries/drop'))} disabled=${pending.length === 0}>Drop all</button>
      </div>
      <${Table} label="Pending retries" rows=${pending} rowKey=${(p) => `${p.sandbox} ${p.webhook} ${p.notification_id}`} empty="No retries pending."
        columns=${[['Sandbox', 'sandbox'], ['Webhook', 'webhook'], ['Notification', 'notification_id'], ['Action', 'action_type'],
          ['Retry', 'retry_count'], ['Due (scaled clock)', (p) => `${show(p.due_at).slice(11, 19)} (${dueIn(p.due_at, now)})`]]}
        actions=${(p) => html`<button onClick=${() => action.run(() => api('POST', '/deliveries/retries/expedite', { body: select(p) }))}>Expedite</button>
          <button onClick=${() => action.run(() => api('POST', '/deliveries/retries/drop', { body: select(p) }))}>Drop</button>`} />
      <h3>Attempts</h3>
      <${Table} label="Delivery attempts" rows=${records} rowKey=${(r) => r.id} selected=${selected} onSelect=${setSelected} empty="No deliveries yet."
        columns=${[['#', 'id'], ['Time', (r) => show(r.datetime).slice(11, 23)], ['Sandbox', 'sandbox'], ['Webhook', 'webhook'],
          ['Action', 'action_type'], ['Retry', 'retry_count'],
          ['Status', (r) => html`<span class=${`status ${r.success ? 's2' : 's5'}`}>${show(r.return_code)}</span>`],
          ['Seconds', (r) => (typeof r.execution_time === 'number' ? r.execution_time.toFixed(3) : show(r.execution_time))]]} />
      <section class="detail" aria-label="Selected attempt"><${Fields} record=${record} /></section>
    </section>
    <${NotifyForm} sandboxes=${(sandboxes.data?.results ?? []).map((s) => s.id)} onSent=${log.refresh} />
  </div>`;
}
