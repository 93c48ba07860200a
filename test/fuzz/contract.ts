import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { OpenAPIV3 } from 'openapi-types';

// ajv-formats is CommonJS; its function arrives under .default when imported from ESM.
type AddFormats = (ajv: Ajv, formats: string[]) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as AddFormats;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;

interface Template {
  regex: RegExp;
  item: OpenAPIV3.PathItemObject;
}

function decoded(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** A stack frame (`at fn (/path/file.ts:1:2)`) or a module path in an answer. */
const INTERNALS = /\bat [^\n]*?(?:\/|file:|node:)[^\s)]*:\d+:\d+|node:internal|\/node_modules\//;

/**
 * An independent check of answers against the OpenAPI document: its own ajv over the dereferenced
 * spec, matching method, path template and status. It shares no code with the server's validator.
 */
export class ResponseContract {
  readonly #templates: Template[];
  readonly #ajv = new Ajv({ strict: false, allErrors: false, formats: { 'django-url': true } });
  readonly #validators = new Map<object, ValidateFunction>();
  readonly #methodNotAllowed: OpenAPIV3.ResponseObject;
  readonly #detail: object;
  readonly #adminError: object;

  constructor(readonly spec: OpenAPIV3.Document) {
    addFormats(this.#ajv, ['date-time']);
    this.#templates = Object.entries(spec.paths).map(([path, item]) => ({
      regex: new RegExp(`^${path.split(/\{[^}]+\}/).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+')}$`),
      item: item as OpenAPIV3.PathItemObject,
    }));
    this.#methodNotAllowed = spec.components!.responses!.MethodNotAllowed as OpenAPIV3.ResponseObject;
    this.#detail = spec.components!.schemas!.Detail as object;
    this.#adminError = spec.components!.schemas!.AdminError as object;
  }

  /** What is wrong with an answer (empty when it is fine). */
  check(method: string, rawPath: string, status: number, contentType: string, text: string): string[] {
    const where = `${method} ${rawPath} -> ${status}`;
    if (method === 'HEAD' && text !== '') return [`${where}: HEAD with a body`];
    if (status >= 500) return [`${where}: a 5xx (${text.slice(0, 300)})`];
    if (status >= 400 && INTERNALS.test(text)) return [`${where}: the error body shows internals: ${text.slice(0, 300)}`];
    const pathname = rawPath.split('?', 1)[0]!;
    const admin = pathname === '/__admin' || pathname.startsWith('/__admin/');
    const html = contentType.startsWith('text/html');
    // Django's HTML 404 page and APPEND_SLASH redirect, for paths pretix does not route.
    if (html && (status === 404 || status === 301)) return admin ? [`${where}: an HTML page on the control plane`] : [];
    // pretix (Django) matches the percent-decoded path: `/webhooks/2%2F` is `/webhooks/2/`.
    // DRF's format suffixes route too: `/webhooks.json`, `/webhooks/1.5` (id 1, format 5).
    const unsuffixed = admin ? pathname : pathname.replace(/(\/webhooks(?:\/[^/.]+)?)\.[a-z0-9]+\/?$/, '$1/');
    const item = this.#templates.find((t) => t.regex.test(pathname) || t.regex.test(decoded(pathname)) || t.regex.test(unsuffixed))?.item;
    // The body limit and the idempotency lock act before routing, on every /api/ path.
    if (!admin && (status === 413 || status === 409) && pathname.startsWith('/api/')) return this.#json(where, contentType, text, this.#detail);
    if (!item) {
      // Unknown control-plane paths: 404, or the body parser's 400/413/415 that comes first.
      if (admin && status >= 400) return this.#json(where, contentType, text, this.#adminError);
      return [`${where}: an answer for a path the spec does not describe (${contentType})`];
    }
    const lower = method.toLowerCase() as (typeof METHODS)[number];
    let operation = METHODS.includes(lower) ? item[lower] : undefined;
    if (!operation && lower === 'head' && item.get) operation = item.get;
    if (!operation) {
      if (admin && status >= 400) return this.#json(where, contentType, text, this.#adminError);
      if (admin && method === 'OPTIONS' && status === 200) return []; // Express's automatic OPTIONS
      if (status === 405) return this.#response(where, this.#methodNotAllowed, contentType, text);
      if (status >= 400) return this.#json(where, contentType, text, this.#detail);
      return [`${where}: a ${status} for a method the spec does not declare`];
    }
    const response = (operation.responses[String(status)] ?? operation.responses.default) as OpenAPIV3.ResponseObject | undefined;
    if (!response) return [`${where}: status not declared for ${operation.operationId}`];
    return this.#response(where, response, contentType, text);
  }

  #response(where: string, response: OpenAPIV3.ResponseObject, contentType: string, text: string): string[] {
    const schema = response.content?.['application/json']?.schema;
    if (!response.content) return text === '' ? [] : [`${where}: a body where the spec declares none`];
    if (!schema) {
      // A text answer (the dashboard's page and assets) is right if the spec declares its media type.
      const media = contentType.split(';', 1)[0]!.trim().toLowerCase();
      if (media.startsWith('text/') && media in response.content) return [];
      return [`${where}: the spec declares no JSON schema`];
    }
    return this.#json(where, contentType, text, schema);
  }

  #json(where: string, contentType: string, text: string, schema: object): string[] {
    if (!contentType.startsWith('application/json')) return [`${where}: Content-Type ${contentType}, not JSON`];
    if (where.startsWith('HEAD ')) return []; // no body to check
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return [`${where}: the body is not JSON: ${text.slice(0, 200)}`];
    }
    let validate = this.#validators.get(schema);
    if (!validate) this.#validators.set(schema, (validate = this.#ajv.compile(schema)));
    if (validate(body)) return [];
    return [`${where}: ${this.#ajv.errorsText(validate.errors)}; body ${text.slice(0, 300)}`];
  }
}
