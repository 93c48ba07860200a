import { representOrganizer } from './represent-organizer.js';
import { holdsPermission, isSafeMethod, oauthScopeAllows, reachesOrganizer } from '../../drf/access.js';
import { simpleMetadata } from '../../drf/metadata.js';
import { orderBy } from '../../drf/ordering.js';
import { withFormatSuffix } from '../../drf/suffix.js';
import { Errors } from '../../drf/errors.js';
import { paginate } from '../../drf/pagination.js';
import type { OrganizerRecord } from '../../../store/fixture-types.js';
import type { Resource, ResourceAction, ResourceContext } from '../resource.js';

/** OrganizerViewSet's `write_permission`, needed for every method but GET, HEAD and OPTIONS. */
const WRITE_PERMISSION = 'can_change_organizer_settings';

const ORDERING = { name: (o: OrganizerRecord) => o.name, slug: (o: OrganizerRecord) => o.slug };

const list: ResourceAction = ({ req, res, principal, data, query, origin, siteUrl }) => {
  const visible = data.doc.organizers.filter((o) => reachesOrganizer(principal, o.slug, data));
  const page = paginate(orderBy(visible, query, ORDERING, ['slug']), { origin, path: req.path, query });
  res.json({ ...page, results: page.results.map((o) => representOrganizer(o, siteUrl)) });
};

const retrieve: ResourceAction = ({ res, params, data, siteUrl }) => {
  res.json(representOrganizer(data.organizer(params.organizer!)!, siteUrl));
};

/** Whether the credential could PUT: DRF's metadata lists the PUT fields only then. */
const mayWrite = ({ principal, params, data }: ResourceContext) =>
  oauthScopeAllows(principal, 'PUT') && holdsPermission(principal, params.organizer!, WRITE_PERMISSION, data);

const PUT_FIELDS = {
  name: { type: 'string', required: false, read_only: true, label: 'Name' },
  slug: { type: 'string', required: false, read_only: true, label: 'Slug' },
  public_url: { type: 'field', required: false, read_only: true, label: 'Public url' },
  plugins: { type: 'field', required: false, read_only: false, label: 'Plugins' },
};

/** `/api/v1/organizers/`: the organizers the credential reaches, ordered by `slug` (or `name`). */
export const organizerList: Resource = {
  name: 'organizer-list',
  pattern: withFormatSuffix('/api/v1/organizers'),
  allow: 'GET, HEAD, OPTIONS',
  permission: ({ principal, method }) => oauthScopeAllows(principal, method),
  actions: { GET: list, HEAD: list, OPTIONS: ({ res }) => res.json(simpleMetadata('Organizer List')) },
};

/**
 * `/api/v1/organizers/{organizer}/`: one organizer the credential reaches (else 403, also for an
 * unknown slug). PUT and PATCH are not served: every credential gets the 403 of one without the
 * permission (a deliberate difference), so nothing is ever half changed.
 */
export const organizerDetail: Resource = {
  name: 'organizer-detail',
  pattern: withFormatSuffix('/api/v1/organizers/(?<organizer>[^/.]+)'),
  allow: 'GET, PUT, PATCH, HEAD, OPTIONS',
  permission: ({ principal, method, params, data }) => {
    if (!oauthScopeAllows(principal, method) || !reachesOrganizer(principal, params.organizer!, data)) return false;
    return isSafeMethod(method) || holdsPermission(principal, params.organizer!, WRITE_PERMISSION, data);
  },
  actions: {
    GET: retrieve,
    HEAD: retrieve,
    OPTIONS: (ctx) => ctx.res.json(simpleMetadata('Organizer Instance', '', mayWrite(ctx) ? { PUT: PUT_FIELDS } : undefined)),
    PUT: () => { throw Errors.permissionDenied(); },
    PATCH: () => { throw Errors.permissionDenied(); },
  },
};
