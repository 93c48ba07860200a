import type { OpenAPIV3 } from 'openapi-types';

/** One documented operation of the spec. */
export interface DocumentedOperation {
  operationId: string;
  method: string;
  /** The path template, for example `/api/v1/organizers/{organizer}/webhooks/{id}/`. */
  path: string;
  /** The response statuses the spec declares, in the spec's order. */
  statuses: number[];
  /** Whether the operation declares a request body. */
  takesBody: boolean;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
type Method = (typeof METHODS)[number];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A template's regex: each `{param}` matches one non-empty path segment, as in the validator. */
function templateRegex(template: string): RegExp {
  return new RegExp(`^${template.split(/\{[^}]+\}/).map(escape).join('[^/]+')}$`);
}

/**
 * The spec's operations by method and path, so that every answer (including those given before
 * the validator runs, such as 409 and 413) can be tied to its operationId.
 */
export class OperationIndex {
  readonly operations: readonly DocumentedOperation[];
  readonly #matchers: Array<{ regex: RegExp; byMethod: Map<string, DocumentedOperation> }> = [];

  constructor(spec: OpenAPIV3.Document) {
    const operations: DocumentedOperation[] = [];
    for (const [path, item] of Object.entries(spec.paths)) {
      const byMethod = new Map<string, DocumentedOperation>();
      // In the document's order, so that reports list operations as the spec does.
      for (const method of Object.keys(item ?? {}).filter((k): k is Method => (METHODS as readonly string[]).includes(k))) {
        const op = item?.[method];
        if (!op?.operationId) continue;
        const statuses = Object.keys(op.responses).filter((s) => /^\d{3}$/.test(s)).map(Number);
        const documented = { operationId: op.operationId, method: method.toUpperCase(), path, statuses, takesBody: op.requestBody !== undefined };
        operations.push(documented);
        byMethod.set(documented.method, documented);
      }
      this.#matchers.push({ regex: templateRegex(path), byMethod });
    }
    this.operations = operations;
  }

  /** The methods the spec documents for a path (upper case, in the spec's order); undefined when it documents none. */
  methods(path: string): string[] | undefined {
    for (const { regex, byMethod } of this.#matchers) {
      if (regex.test(path)) return [...byMethod.keys()];
    }
    return undefined;
  }

  /** The operation a request goes to, or undefined when the spec does not document it. */
  find(method: string, path: string): DocumentedOperation | undefined {
    for (const { regex, byMethod } of this.#matchers) {
      if (regex.test(path)) return byMethod.get(method);
    }
    return undefined;
  }
}
