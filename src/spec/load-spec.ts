import type { OpenAPIV3 } from 'openapi-types';
import { CHECKED_SPEC_PATH, DEFAULT_SPEC_PATH } from '../paths.js';
import { readCheckedSpec } from './checked-spec.js';

/** The OpenAPI document, loaded and checked. */
export interface LoadedSpec {
  /** Where it was read from. */
  readonly path: string;
  /** Bundled into one document with internal `$ref`s: what `/__admin/openapi.json` serves. */
  readonly document: OpenAPIV3.Document;
  /** Fully dereferenced: what the validators compile. */
  readonly dereferenced: OpenAPIV3.Document;
  /** The SHA-256 of the build's record when the document came from it (the built-in spec, unchanged; see checked-spec.ts). */
  readonly recorded?: string;
}

/** The spec cannot be used; the message names the file and the problem. */
export class SpecError extends Error {
  override name = 'SpecError';
}

/**
 * Reads the OpenAPI document (YAML or JSON, split over several files), bundles it and checks it
 * against the OpenAPI 3.0 schema with swagger-parser. Throws SpecError if it is broken. The
 * built-in document was checked when the package was built: if its files are byte-identical to
 * the checked ones, that result is used (see checked-spec.ts).
 */
export async function loadSpec(path: string = DEFAULT_SPEC_PATH): Promise<LoadedSpec> {
  if (path === DEFAULT_SPEC_PATH) {
    const checked = await readCheckedSpec(path, CHECKED_SPEC_PATH);
    if (checked) return { path, ...checked };
  }
  return checkSpec(path);
}

/** Bundles and checks the document with swagger-parser, always. */
export async function checkSpec(path: string): Promise<LoadedSpec> {
  try {
    const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
    const document = (await SwaggerParser.bundle(path)) as OpenAPIV3.Document;
    if (typeof document.openapi !== 'string' || !document.openapi.startsWith('3.0.')) {
      throw new Error(`expected an OpenAPI 3.0 document, found openapi: ${JSON.stringify(document.openapi)}`);
    }
    const dereferenced = (await SwaggerParser.validate(structuredClone(document))) as OpenAPIV3.Document;
    return { path, document, dereferenced };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new SpecError(`OpenAPI document ${path} is broken: ${reason}`);
  }
}
