import { html } from 'htm/preact';

/** A value as short text: JSON for objects, `—` for null. */
export const show = (v) => (v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** A body as readable text: JSON indented, strings as they are. */
export const pretty = (v) => (v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v, null, 2));

/** An error line that always takes its space (empty or not), so the page does not jump. */
export const ErrorLine = ({ text }) => html`<p class="error" role="alert">${text || ''}</p>`;

/**
 * A table of records; `columns` are [label, key or function]. Rows come in the order given,
 * keyed by `rowKey`; `onSelect` makes each row's first cell a button.
 */
export function Table({ label, columns, rows, rowKey, onSelect, selected, empty = 'Nothing yet.', actions, size = '' }) {
  return html`<div class=${`table-wrap ${size}`} tabindex="0" role="region" aria-label=${label}>
    <table>
      <thead><tr>${columns.map(([name]) => html`<th scope="col">${name}</th>`)}${actions ? html`<th scope="col">Actions</th>` : null}</tr></thead>
      <tbody>
        ${rows.length === 0 ? html`<tr><td colspan=${columns.length + (actions ? 1 : 0)} class="muted">${empty}</td></tr>` : null}
        ${rows.map((row) => {
          const k = rowKey(row);
          const cells = columns.map(([, get], i) => {
            const value = typeof get === 'function' ? get(row) : show(row[get]);
            if (i === 0 && onSelect) return html`<td><button class="link" aria-pressed=${selected === k} onClick=${() => onSelect(k)}>${value}</button></td>`;
            return html`<td>${value}</td>`;
          });
          return html`<tr key=${k} class=${selected === k ? 'selected' : ''}>${cells}${actions ? html`<td class="actions">${actions(row)}</td>` : null}</tr>`;
        })}
      </tbody>
    </table>
  </div>`;
}

/** Every field of a record, also those this page does not know (for example from a newer mock). */
export function Fields({ record }) {
  if (!record) return html`<p class="muted">Select an entry to see it in full.</p>`;
  return html`<dl class="fields">
    ${Object.entries(record).map(([k, v]) => html`<div key=${k}><dt>${k}</dt><dd><pre>${pretty(v)}</pre></dd></div>`)}
  </dl>`;
}
