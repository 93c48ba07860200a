import { readFileSync } from 'node:fs';

/** The parts of a V8 `.heapsnapshot` the summary reads. */
interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export interface HeapSummary {
  totalMB: number;
  /** Self size by object kind: a constructor's name for objects, else V8's node type (code, string, closure...). */
  top: Array<{ name: string; count: number; MB: number }>;
}

/** The live objects of a heap snapshot, summed by kind: what the V8 heap holds. */
export function summarizeHeap(file: string, top = 15): HeapSummary {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as HeapSnapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  const kinds = new Map<string, { count: number; bytes: number }>();
  let total = 0;
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const type = types[snap.nodes[i + typeAt]!]!;
    const size = snap.nodes[i + sizeAt]!;
    total += size;
    const name = type === 'object' ? snap.strings[snap.nodes[i + nameAt]!]! : `(${type})`;
    const kind = kinds.get(name) ?? { count: 0, bytes: 0 };
    kind.count++;
    kind.bytes += size;
    kinds.set(name, kind);
  }
  const mb = (b: number) => Number((b / 1048576).toFixed(2));
  return {
    totalMB: mb(total),
    top: [...kinds].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, top).map(([name, k]) => ({ name, count: k.count, MB: mb(k.bytes) })),
  };
}

/** Resident memory of a process from /proc: all of it, anonymous (heaps), and file-backed (node's binary, libraries). */
export function residentOf(pid: number): { rssMB: number; anonymousMB: number; fileMB: number } {
  const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
  const rss = kb('Rss');
  const anon = kb('Anonymous');
  return { rssMB: Math.round(rss / 1024), anonymousMB: Math.round(anon / 1024), fileMB: Math.round((rss - anon) / 1024) };
}
