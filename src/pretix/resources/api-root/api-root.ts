import { oauthScopeAllows } from '../../drf/access.js';
import { simpleMetadata } from '../../drf/metadata.js';
import type { Resource, ResourceAction } from '../resource.js';

const root: ResourceAction = ({ res, origin }) => {
  res.json({ organizers: `${origin}/api/v1/organizers/` });
};

/**
 * DRF DefaultRouter's API root, `/api/v1/`: the link to the organizers. Any authenticated
 * credential may read it (an OAuth token with the `read` scope); other methods get 405.
 */
export const apiRoot: Resource = {
  name: 'api-root',
  pattern: /^\/api\/v1\/(?:\.(?<format>[a-z0-9]+)\/?)?$/,
  allow: 'GET, HEAD, OPTIONS',
  permission: ({ principal, method }) => oauthScopeAllows(principal, method),
  actions: {
    GET: root,
    HEAD: root,
    OPTIONS: ({ res }) => res.json(simpleMetadata('Api Root', 'The default basic root view for DefaultRouter')),
  },
};
