import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

const maps = new Map<string, SourceMap | null>();

/**
 * The file a frame's code came from: through the bundle's source map (scripts/build-bundle.mjs)
 * for the bundled dist/ files, so that the tables name packages and folders, not chunks.
 */
function original(frame: CallFrame): CallFrame {
  if (!frame.url.startsWith('file://')) return frame;
  const file = fileURLToPath(frame.url);
  if (!maps.has(file)) {
    const mapFile = `${file}.map`;
    maps.set(file, existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))) : null);
  }
  const entry = maps.get(file)?.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string; originalLine?: number } | undefined;
  if (!entry?.originalSource) return frame;
  const source = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : resolve(dirname(file), entry.originalSource);
  return { ...frame, url: `file://${source}`, lineNumber: entry.originalLine ?? frame.lineNumber };
}

/** The parts of a V8 `.cpuprofile` (what `node --cpu-prof` writes) that the summary reads. */
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: CallFrame }>;
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  /** Sampled time in the window, idle excluded. */
  busyMs: number;
  functions: SelfTime[];
  /** Self time by where the code lives: a package under node_modules, node's own code, this project's src/. */
  places: SelfTime[];
}

/** Where a function's code lives, for the by-place table. */
export function placeOf(url: string, root: string): string {
  if (!url) return '(native / V8)';
  if (url.startsWith('node:')) return 'node: built-ins';
  const path = url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg) return pkg[1]!;
  const rel = relative(root, path);
  return rel.startsWith('..') ? path : rel.replace(/^dist\//, 'dist/').split('/').slice(0, 2).join('/');
}

/** A function's file, short: from its package's folder, or from the project's root. */
function fileOf(url: string, root: string): string {
  const path = url.replace(/^file:\/\//, '');
  const i = path.lastIndexOf('node_modules/');
  return i >= 0 ? path.slice(i + 'node_modules/'.length) : path.startsWith('node:') ? path : relative(root, path);
}

/**
 * Self time per function (name and source position) and per place, from the samples between
 * `fromUs` and `toUs` (V8's monotonic clock, the one `process.hrtime` reads; the whole profile
 * when omitted). Idle samples are left out.
 */
export function summarize(file: string, root: string, window: { fromUs?: number; toUs?: number } = {}, top = 10): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, original(n.callFrame)]));
  const fns = new Map<string, number>();
  const places = new Map<string, number>();
  let t = profile.startTime;
  let busy = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]!;
    const delta = profile.timeDeltas[i + 1] ?? 0; // the time until the next sample is this one's
    if ((window.fromUs !== undefined && t < window.fromUs) || (window.toUs !== undefined && t > window.toUs)) continue;
    const frame = byId.get(profile.samples[i]!)!;
    if (frame.functionName === '(idle)') continue;
    busy += delta;
    const where = frame.url ? `${fileOf(frame.url, root)}:${frame.lineNumber + 1}` : '';
    const name = `${frame.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
    fns.set(name, (fns.get(name) ?? 0) + delta);
    const place = placeOf(frame.url, root);
    places.set(place, (places.get(place) ?? 0) + delta);
  }
  const rank = (m: Map<string, number>) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, us]) => ({ name, ms: us / 1000, share: busy ? us / busy : 0 }));
  return { busyMs: busy / 1000, functions: rank(fns), places: rank(places) };
}
