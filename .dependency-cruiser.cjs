/**
 * The layers of src/, lowest first: a module may import its own layer and the layers below it,
 * never one beside or above it (`npm run lint:deps`, in CI). See docs/architecture.md.
 * `src/control/types.ts` and `reset-parts.ts` are the control plane's wire vocabulary, a layer of its own below the runtime.
 */
const LAYERS = [
  ['generated', '^src/generated/', 0],
  ['paths', '^src/paths\\.ts$', 0],
  ['http', '^src/http/', 0],
  ['version', '^src/version\\.ts$', 1],
  ['spec', '^src/spec/', 1],
  ['logging', '^src/logging/', 1],
  ['store', '^src/store/', 2],
  ['validation', '^src/validation/', 2],
  ['warm-up', '^src/warm-up\\.ts$', 2],
  ['pretix', '^src/pretix/', 3],
  ['delivery', '^src/delivery/', 4],
  ['wire-types', '^src/control/(types|reset-parts)\\.ts$', 5],
  ['runtime', '^src/runtime/', 6],
  ['client', '^src/client/', 6],
  ['pipeline', '^src/pipeline/', 7],
  ['control', '^src/control/(?!(types|reset-parts)\\.ts$)', 7],
  ['app', '^src/app/', 8],
  ['reload', '^src/reload/', 8],
  ['server', '^src/server(\\.ts$|/)', 9],
  ['bin', '^src/bin/', 10],
  ['cjs', '^src/cjs/', 10],
  ['index', '^src/index\\.ts$', 10],
];

const forbidden = LAYERS.map(([name, path, rank]) => ({
  name: `layer-${name}`,
  comment: `${name} (layer ${rank}) imports only the layers below it`,
  severity: 'error',
  from: { path },
  to: {
    path: LAYERS.filter(([other, , r]) => other !== name && r >= rank).map(([, p]) => `(${p})`).join('|'),
  },
}));

forbidden.push({
  name: 'no-circular',
  comment: 'no module imports itself through others',
  severity: 'error',
  from: {},
  to: { circular: true },
}, {
  name: 'layer-unknown',
  comment: 'every file of src/ belongs to a layer (add a new folder to LAYERS)',
  severity: 'error',
  from: { path: '^src/', pathNot: LAYERS.map(([, p]) => `(${p})`).join('|') },
  to: {},
});

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^src/generated/' },
  },
};
