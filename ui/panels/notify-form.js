import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { usePoll, useAction } from '../hooks.js';
import { ErrorLine, Fields, Table } from '../parts.js';

const KNOWN = new Set(['webhooks']);

/** Sends a notification (POST /notify) and shows which webhooks matched, and what else the answer says. */
export function NotifyForm({ sandboxes, onSent }) {
  const [form, setForm] = useState({ sandbox: 'shared', organizer: '', event: '', action_type: '', code: '', extra: '' });
  const [result, setResult] = useState(undefined);
  const types = usePoll(() => api('GET', '/action-types', { query: { sandbox: form.sandbox } }), [form.sandbox], { live: false });
  const state = usePoll(() => api('GET', '/state', { query: { sandbox: form.sandbox } }), [form.sandbox], { live: false });
  const action = useAction(onSent);
  const organizers = state.data?.organizers ?? [];
  const organizer = form.organizer || organizers[0]?.slug || '';
  const events = (state.data?.events ?? []).filter((e) => e.organizer === organizer);
  const actionType = form.action_type || types.data?.results[0]?.action_type || '';
  const set = (name) => (e) => setForm({ ...form, [name]: e.currentTarget.value });
  const submit = (e) => {
    e.preventDefault();
    void action.run(async () => {
      const extra = form.extra.trim() ? JSON.parse(form.extra) : {};
      const body = { ...extra, sandbox: form.sandbox, organizer, action_type: actionType };
      if (form.event) body.event = form.event;
      if (form.code.trim()) body.code = form.code.trim();
      setResult(await api('POST', '/notify', { body }));
    });
  };
  return html`<section aria-labelledby="notify-title" class="detail">
    <h3 id="notify-title">Send a notification</h3>
    <form class="stack" onSubmit=${submit}>
      <label>Sandbox <select name="sandbox" value=${form.sandbox} onChange=${set('sandbox')}>
        ${['shared', ...sandboxes].map((id) => html`<option value=${id}>${id}</option>`)}</select></label>
      <label>Organizer <select name="organizer" value=${organizer} onChange=${set('organizer')}>
        ${organizers.map((o) => html`<option value=${o.slug}>${o.slug}</option>`)}</select></label>
      <label>Event <select name="event" value=${form.event} onChange=${set('event')}>
        <option value="">(default)</option>${events.map((ev) => html`<option value=${ev.slug}>${ev.slug}</option>`)}</select></label>
      <label>Action type <select name="action_type" value=${actionType} onChange=${set('action_type')}>
        ${(types.data?.results ?? []).map((t) => html`<option value=${t.action_type}>${t.action_type}${t.plugin ? ' (plugin)' : ''}</option>`)}</select></label>
      <label>Order code (optional) <input name="code" value=${form.code} onInput=${set('code')} maxlength="255" /></label>
      <label>Other ids as JSON (optional) <textarea name="extra" rows="2" value=${form.extra} onInput=${set('extra')} placeholder='{"item": 12}'></textarea></label>
      <button type="submit" disabled=${action.busy || !organizer || !actionType}>Send</button>
    </form>
    <${ErrorLine} text=${action.error || types.error || state.error} />
    ${result
      ? html`<div class="result" aria-live="polite">
          <p>Notification <strong>${result.notification_id}</strong> resolved to <code>${result.webhook_type ?? 'no webhook type'}</code>;
            ${result.webhooks.length} webhook(s) matched.</p>
          <${Table} label="Matched webhooks" rows=${result.webhooks} rowKey=${(w) => w.id} empty="No webhook matched."
            columns=${[['Webhook', 'id'], ['Target', 'target_url'], ['Queued', (w) => (w.queued ? 'yes' : 'no (queue full)')]]} />
          <${Fields} record=${Object.fromEntries(Object.entries(result).filter(([k]) => !KNOWN.has(k) && typeof result[k] === 'object'))} />
        </div>`
      : null}
  </section>`;
}
