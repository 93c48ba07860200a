import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3 } from 'openapi-types';
import { DEFAULT_SPEC_PATH } from '../paths.js';

/** The OpenAPI document, loaded and checked. */
export interface LoadedSpec {
  /** Where it was read from. */
  readonly path: string;
  /** Bundled into one document with internal `$ref`s: what `/__admin/openapi.json` serves. */
  readonly document: OpenAPIV3.Document;
  /** Fully dereferenced: what the validators compile. */
  readonly dereferenced: OpenAPIV3.Document;
}

/** The spec cannot be used; the message names the file and the problem. */
export class SpecError extends Error {
  override name = 'SpecError';
}

/**
 * Reads the OpenAPI document (YAML or JSON, split over several files), bundles it and checks it
 * against the OpenAPI 3.0 schema with swagger-parser. Throws SpecError if it is broken.
 */
export async function loadSpec(path: string = DEFAULT_SPEC_PATH): Promise<LoadedSpec> {
  try {
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
