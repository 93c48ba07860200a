import { html, render } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api, onAuthNeeded, token } from './api.js';
import { usePoll } from './hooks.js';
import { DatasetsPanel } from './panels/datasets.js';
import { DeliveriesPanel } from './panels/deliveries.js';
import { FaultsPanel } from './panels/faults.js';
import { RequestsPanel } from './panels/requests.js';

const PANELS = [
  ['datasets', 'Datasets'],
  ['requests', 'Requests'],
  ['deliveries', 'Deliveries'],
  ['faults', 'Faults and coverage'],
];

function TokenForm({ onDone }) {
  const [value, setValue] = useState('');
  return html`<form class="token" aria-labelledby="token-title" onSubmit=${(e) => { e.preventDefault(); token.set(value.trim()); onDone(); }}>
    <h2 id="token-title">Admin token needed</h2>
    <p>This control plane is guarded (<code>--admin-token</code>). The token is kept in this tab only and sent as <code>Authorization: Bearer</code>.</p>
    <label>Admin token <input type="password" name="token" autocomplete="off" autofocus value=${value} onInput=${(e) => setValue(e.currentTarget.value)} /></label>
    <button type="submit">Use token</button>
  </form>`;
}

/** Tabs as the WAI-ARIA pattern has them: arrow keys, Home and End move between them. */
function Tabs({ current, onChange }) {
  const key = (e) => {
    const i = PANELS.findIndex(([id]) => id === current);
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: PANELS.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const id = PANELS[(next + PANELS.length) % PANELS.length][0];
    onChange(id);
    document.getElementById(`tab-${id}`)?.focus();
  };
  return html`<nav role="tablist" aria-label="Panels" onKeyDown=${key}>
    ${PANELS.map(([id, label]) => html`<button role="tab" id=${`tab-${id}`} aria-selected=${current === id} aria-controls="panel"
      tabindex=${current === id ? 0 : -1} onClick=${() => onChange(id)}>${label}</button>`)}
  </nav>`;
}

function App() {
  const [panel, setPanel] = useState(location.hash.slice(1) || 'datasets');
  const [live, setLive] = useState(true);
  const [needToken, setNeedToken] = useState(false);
  const [epoch, setEpoch] = useState(0);
  useEffect(() => onAuthNeeded(setNeedToken), []);
  useEffect(() => history.replaceState(null, '', `#${panel}`), [panel]);
  useEffect(() => {
    const follow = () => setPanel(location.hash.slice(1) || 'datasets');
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);
  const coverage = usePoll(() => api('GET', '/coverage'), [epoch], { live, everyMs: 2000 });
  const operations = [...new Set((coverage.data?.matrix ?? []).map((m) => m.operationId))];
  const Panel = { datasets: DatasetsPanel, requests: RequestsPanel, deliveries: DeliveriesPanel, faults: FaultsPanel }[panel] ?? DatasetsPanel;
  return html`<header>
      <h1>pretix-mock</h1>
      <${Tabs} current=${panel} onChange=${setPanel} />
      <label class="live"><input type="checkbox" checked=${live} onChange=${(e) => setLive(e.currentTarget.checked)} /> Live (every second)</label>
      ${token.get() ? html`<button onClick=${() => { token.set(''); setEpoch(epoch + 1); }}>Forget token</button>` : null}
    </header>
    ${needToken ? html`<${TokenForm} onDone=${() => { setNeedToken(false); setEpoch(epoch + 1); }} />` : null}
    <main id="panel" role="tabpanel" aria-labelledby=${`tab-${panel}`} tabindex="-1">
      <${Panel} key=${`${panel} ${epoch}`} live=${live && !needToken} operations=${operations} coverage=${coverage} />
    </main>`;
}

render(html`<${App} />`, document.getElementById('app'));
