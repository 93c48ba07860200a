import { Ajv, type ErrorObject, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { OpenAPIV3 } from 'openapi-types';
import { isDjangoUrl } from './django-url.js';
import type { Problem } from './problem.js';

// ajv-formats is CommonJS; its function arrives under .default when imported from ESM.
type AddFormats = (ajv: Ajv, formats: string[]) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as AddFormats;

/** The custom formats the spec uses, shared with express-openapi-validator. */
export const SPEC_FORMATS = {
  'django-url': { type: 'string', validate: isDjangoUrl },
} as const;

export type SchemaCheck = (value: unknown) => Problem[];

function describe(e: ErrorObject): Problem {
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'required') return { path: `${e.instancePath}/${String(p.missingProperty)}`, message: 'is required' };
  if (e.keyword === 'additionalProperties') {
    return { path: `${e.instancePath}/${String(p.additionalProperty)}`, message: 'is not a known property' };
  }
  if (e.keyword === 'enum') return { path: e.instancePath || '/', message: `must be one of ${JSON.stringify(p.allowedValues)}` };
  return { path: e.instancePath || '/', message: e.message ?? e.keyword };
}

/**
 * Compiles one schema of the dereferenced spec (for example `Fixture`) into a check that fills in
 * the schema's defaults and returns every violation. Used where no HTTP request is involved,
 * such as fixture files read at start-up.
 */
export function compileSchemaCheck(spec: OpenAPIV3.Document, schemaName: string): SchemaCheck {
  // Compiling costs tens of milliseconds; server, store and control plane share one.
  const compiled = cache.get(spec) ?? new Map<string, SchemaCheck>();
  cache.set(spec, compiled);
  let check = compiled.get(schemaName);
  if (!check) {
    if (!spec.components?.schemas?.[schemaName]) throw new Error(`the OpenAPI document has no schema ${schemaName}`);
    // Compiled on first use: a default start reads its fixtures from the build's record and
    // checks no document until one is imported (about 80 ms of start-up).
    let validate: SchemaCheck | undefined;
    compiled.set(schemaName, (check = (value) => (validate ??= compile(spec, schemaName))(value)));
  }
  return check;
}

const cache = new WeakMap<OpenAPIV3.Document, Map<string, SchemaCheck>>();

function compile(spec: OpenAPIV3.Document, schemaName: string): SchemaCheck {
  const schema = spec.components?.schemas?.[schemaName];
  if (!schema) throw new Error(`the OpenAPI document has no schema ${schemaName}`);
  const options: Options = { allErrors: true, useDefaults: true, strict: false };
  const ajv = new Ajv(options);
  addFormats(ajv, ['date-time']);
  for (const [name, format] of Object.entries(SPEC_FORMATS)) ajv.addFormat(name, format);
  const validate = ajv.compile(schema as object);
  return (value) => (validate(value) ? [] : (validate.errors ?? []).map(describe));
}
