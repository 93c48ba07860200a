import type { Request, Response } from 'express';
import type { Principal } from '../authentication.js';
import type { Dataset } from '../../store/dataset.js';

/** What an action of a registry resource gets: the request, its route, who asks, and the dataset. */
export interface ResourceContext {
  req: Request;
  res: Response;
  /** The URL's named groups (organizer, event, format). */
  params: Readonly<Record<string, string>>;
  principal: Principal;
  data: Dataset;
  /** The raw query string, without `?`. */
  query: string;
  /** `scheme://host` as the client addressed the server: the base of `next`/`previous` links. */
  origin: string;
  /** The site URL `public_url` is built from (pretix's SITE_URL). */
  siteUrl: string;
  /** The mock's clock (time-dependent filters). */
  now: Date;
}

export type ResourceAction = (ctx: ResourceContext) => unknown;

/** What the permission check of a resource sees. */
export interface PermissionRequest {
  principal: Principal;
  method: string;
  params: Readonly<Record<string, string>>;
  data: Dataset;
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
}

/** A resolved route: the resource and the URL's named groups. */
export interface ResourceRoute {
  resource: Resource;
  params: Record<string, string>;
}
