import type { OpenAPIV3 } from 'openapi-types';

/**
 * The two documents the mock's document joins (openapi/pretix-webhooks.yaml): the pretix contract
 * (openapi/pretix/pretix.yaml, every `/api/` path) and the control plane (openapi/mock-admin.yaml,
 * every `/__admin/` path). Served at `/__admin/openapi/pretix.json` and
 * `/__admin/openapi/mock-admin.json`.
 */
export interface DocumentParts {
  readonly pretix: OpenAPIV3.Document;
  readonly controlPlane: OpenAPIV3.Document;
}

/** The paths of each part; every path of the mock's document is in exactly one. */
export const isPretixPath = (path: string): boolean => path.startsWith('/api/');

const TITLES = { pretix: 'pretix REST API (as served by pretix-mock)', controlPlane: 'pretix-mock control plane' } as const;

type Section = keyof OpenAPIV3.ComponentsObject;
const SECTIONS = ['securitySchemes', 'parameters', 'headers', 'schemas', 'responses', 'requestBodies', 'examples', 'links', 'callbacks'] as const satisfies readonly Section[];

/** Every `#/components/<section>/<name>` reachable from `roots`, and the security schemes they require. */
function reachable(doc: OpenAPIV3.Document, roots: unknown[]): Map<Section, Set<string>> {
  const found = new Map<Section, Set<string>>(SECTIONS.map((s) => [s, new Set<string>()]));
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        const [, section, name] = /^#\/components\/([^/]+)\/(.+)$/.exec(value) ?? [];
        const names = found.get(section as Section);
        if (!names || !name || names.has(name)) continue;
        names.add(name);
        visit((doc.components?.[section as Section] as Record<string, unknown> | undefined)?.[name]);
      } else if (key === 'security' && Array.isArray(value)) {
        for (const requirement of value) for (const scheme of Object.keys(requirement as object)) found.get('securitySchemes')!.add(scheme);
      } else visit(value);
    }
  };
  roots.forEach(visit);
  return found;
}

function part(doc: OpenAPIV3.Document, keep: (path: string) => boolean, title: string): OpenAPIV3.Document {
  const paths = Object.fromEntries(Object.entries(doc.paths).filter(([path]) => keep(path)));
  const usesRootSecurity = Object.values(paths).some((item) => Object.values(item ?? {}).some((op) => typeof op === 'object' && op !== null && 'responses' in op && !('security' in op)));
  const security = usesRootSecurity ? doc.security : undefined;
  const names = reachable(doc, [paths, { security: security ?? [] }]);
  const components = Object.fromEntries(SECTIONS.flatMap((section) => {
    const all = (doc.components?.[section] ?? {}) as Record<string, unknown>;
    const kept = Object.entries(all).filter(([name]) => names.get(section)!.has(name));
    return kept.length ? [[section, Object.fromEntries(kept)]] : [];
  }));
  const tagNames = new Set(Object.values(paths).flatMap((item) => Object.values(item ?? {}).flatMap((op) => (op as { tags?: string[] }).tags ?? [])));
  return {
    ...doc,
    info: { ...doc.info, title },
    ...(doc.tags ? { tags: doc.tags.filter((t) => tagNames.has(t.name)) } : {}),
    ...(security ? { security } : { security: undefined }),
    paths,
    components,
  };
}

/** Splits the mock's bundled document into the pretix contract and the control plane. */
export function documentParts(doc: OpenAPIV3.Document): DocumentParts {
  const strip = (d: OpenAPIV3.Document) => JSON.parse(JSON.stringify(d)) as OpenAPIV3.Document; // drops `security: undefined`
  return {
    pretix: strip(part(doc, isPretixPath, TITLES.pretix)),
    controlPlane: strip(part(doc, (path) => !isPretixPath(path), TITLES.controlPlane)),
  };
}
