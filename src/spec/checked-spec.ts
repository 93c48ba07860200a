import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { OpenAPIV3 } from 'openapi-types';

/**
 * A record that swagger-parser checked the spec: the SHA-256 of every file under the spec's
 * directory and the bundled document. `npm run build` writes it; at start, byte-identical files
 * skip the second check (YAML parsing and the OpenAPI meta-schema cost ~250 ms of start-up).
 */
interface CheckedSpec {
  files: Record<string, string>;
  document: OpenAPIV3.Document;
}

async function hashFiles(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile() && /\.(ya?ml|json)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  const out: Record<string, string> = {};
  for (const file of names) out[relative(dir, file)] = createHash('sha256').update(await readFile(file)).digest('hex');
  return out;
}

/** Replaces internal `#/...` references by their targets, sharing one object per target (as swagger-parser does). */
function dereference(doc: OpenAPIV3.Document): OpenAPIV3.Document {
  const resolved = new Map<string, unknown>();
  const target = (ref: string) => ref.slice(2).split('/').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key.replaceAll('~1', '/').replaceAll('~0', '~')], doc);
  const walk = (node: unknown, resolving: Set<string>): unknown => {
    if (Array.isArray(node)) return node.map((n) => walk(n, resolving));
    if (!node || typeof node !== 'object') return node;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string') {
      if (resolved.has(ref)) return resolved.get(ref);
      if (resolving.has(ref) || !ref.startsWith('#/')) throw new Error(`cannot dereference ${ref}`);
      const value = walk(target(ref), new Set([...resolving, ref]));
      resolved.set(ref, value);
      return value;
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, resolving)]));
  };
  return walk(doc, new Set()) as OpenAPIV3.Document;
}

type Checked = { document: OpenAPIV3.Document; dereferenced: OpenAPIV3.Document; recorded: string };

// The last record read, as objects: the same record gives the same objects, so the validators
// compiled for them (about a second of CPU per server) are reused by every later server of the process.
let last: { key: string; record: CheckedSpec; sha256: string; spec?: Checked } | undefined;

/** The checked document for `specPath`, or undefined when there is no record or a file changed. */
export async function readCheckedSpec(specPath: string, recordPath: string): Promise<Checked | undefined> {
  try {
    const text = await readFile(recordPath, 'utf8');
    const key = `${specPath}\n${text}`;
    if (last?.key !== key) last = { key, record: JSON.parse(text) as CheckedSpec, sha256: createHash('sha256').update(text).digest('hex') };
  } catch {
    return undefined;
  }
  const cached = last;
  const files = await hashFiles(dirname(specPath));
  const same = Object.keys(files).length === Object.keys(cached.record.files).length && Object.entries(files).every(([f, h]) => cached.record.files[f] === h);
  if (!same) return undefined;
  cached.spec ??= { document: cached.record.document, dereferenced: dereference(structuredClone(cached.record.document)), recorded: cached.sha256 };
  return cached.spec;
}

/** Records that the spec at `specPath` (already checked by swagger-parser) was bundled into `document`. */
export async function writeCheckedSpec(specPath: string, document: OpenAPIV3.Document, recordPath: string): Promise<void> {
  const record: CheckedSpec = { files: await hashFiles(dirname(specPath)), document };
  await writeFile(recordPath, JSON.stringify(record));
}
