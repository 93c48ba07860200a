import type { Request, Response } from 'express';
import type { Principal } from '../drf/authentication.js';
import type { QueryDict } from '../drf/form-parser.js';
import type { Dataset } from '../../store/dataset.js';
import type { Sandbox } from '../../store/sandbox.js';
import type { Problem } from '../../spec/problem.js';

/** What an action of a resource gets: the request, its route, who asks, and the dataset. */
export interface ResourceContext {
  req: Request;
  res: Response;
  /** The URL's named groups (organizer, event, id, format). */
  params: Readonly<Record<string, string>>;
  principal: Principal;
  sandbox: Sandbox;
  data: Dataset;
  /** The path as requested (with its format suffix): the base of `next`/`previous` links. */
  path: string;
  /** The raw query string, without `?`. */
  query: string;
  /** `scheme://host` as the client addressed the server: the base of `next`/`previous` links. */
  origin: string;
  /** The site URL `public_url` is built from (pretix's SITE_URL). */
  siteUrl: string;
  /** The mock's clock (time-dependent filters). */
  now: Date;
  /** The parsed body; throws the parse or media-type error DRF raises only when a view reads it. */
  body: () => unknown;
  /** Request problems the spec found, for the serializer to report in pretix's words (DRF reports them only where the serializer validates). */
  violations: readonly Problem[];
}

export type ResourceAction = (ctx: ResourceContext) => unknown;

/** What the permission check of a resource sees. */
export interface PermissionRequest {
  principal: Principal;
  method: string;
  params: Readonly<Record<string, string>>;
  data: Dataset;
}

/** How a resource that takes a body reads form input and coerces what it parsed. */
export interface ResourceInput {
  /** The serializer's fields from a form body (DRF's `get_value` on a QueryDict). */
  fromForm: (form: QueryDict, partial: boolean) => unknown;
  /** Coercions of the parsed body before the spec sees it. */
  normalize: (body: unknown) => void;
}

/**
 * One pretix URL pattern and its viewset, the way DRF dispatches it: `pattern` is matched against
 * the percent-decoded path (named groups become params), `permission` runs after authentication
 * (false: 403), methods without an action get 405.
 */
export interface Resource {
  /** DRF's URL name, for example `event-list`. */
  name: string;
  pattern: RegExp;
  /** The `Allow` header: the viewset's methods, whatever the mock implements. */
  allow: string;
  permission: (request: PermissionRequest) => boolean;
  actions: Readonly<Partial<Record<string, ResourceAction>>>;
  /** Only resources that take a body: without it a form body parses to `{}`. */
  input?: ResourceInput;
  /** The path the spec names (without a format suffix), where the spec documents the suffixed one under it. */
  canonicalPath?: (params: Readonly<Record<string, string>>) => string;
}

/** A resolved route: the resource and the URL's named groups. */
export interface ResourceRoute {
  readonly resource: Resource;
  readonly params: Readonly<Record<string, string>>;
}
