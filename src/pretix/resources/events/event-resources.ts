import { filterEvents } from './event-filters.js';
import FIELDS from './event-fields.json' with { type: 'json' };
import { representEvent } from './represent-event.js';
import { holdsPermission, isSafeMethod, oauthScopeAllows, reachesOrganizer } from '../../drf/access.js';
import { simpleMetadata } from '../../drf/metadata.js';
import { orderBy } from '../../drf/ordering.js';
import { withFormatSuffix } from '../../drf/suffix.js';
import { PretixError } from '../../drf/errors.js';
import { paginate } from '../../drf/pagination.js';
import type { EventRecord } from '../../../store/fixture-types.js';
import type { PermissionRequest, Resource, ResourceAction, ResourceContext } from '../resource.js';

/** EventViewSet's permissions by action; methods without an action need none (they get 405). */
const CREATE_PERMISSION = 'can_create_events';
const CHANGE_PERMISSION = 'can_change_event_settings';

const ORDERING = { date_from: (e: EventRecord) => Date.parse(e.date_from), slug: (e: EventRecord) => e.slug };

/** The organizer's events after the filters: the queryset both the list and the detail start from. */
const filtered = ({ params, data, query, now }: ResourceContext) =>
  filterEvents(data.events(params.organizer!), query, now);

const list: ResourceAction = (ctx) => {
  const { req, res, data, query, origin, siteUrl } = ctx;
  const page = paginate(orderBy(filtered(ctx), query, ORDERING, ['slug']), { origin, path: req.path, query });
  res.json({ ...page, results: page.results.map((e) => representEvent(e, data, siteUrl, false)) });
};

/** DRF's get_object() on the filtered queryset: an event the filters exclude is a 404. */
const retrieve: ResourceAction = (ctx) => {
  const event = filtered(ctx).find((e) => e.slug === ctx.params.event);
  if (!event) throw new PretixError(404, { detail: 'No Event matches the given query.' });
  ctx.res.json(representEvent(event, ctx.data, ctx.siteUrl, true));
};

/** What the mock answers where pretix would write: it never creates, changes or deletes an event. */
const notServed: ResourceAction = ({ req }) => {
  throw new PretixError(405, { detail: `Method "${req.method}" not allowed. pretix-mock serves events read-only.` });
};

const withValidKeys = (() => {
  const entries = Object.entries(FIELDS);
  const at = entries.findIndex(([k]) => k === 'item_meta_properties') + 1;
  entries.splice(at, 0, ['valid_keys', { type: 'field', required: false, read_only: true, label: 'Valid keys' }]);
  return Object.fromEntries(entries);
})();

/** Team permission an action needs, on top of reaching the organizer (and, for OAuth, the scope). */
function eventPermission(required: Readonly<Record<string, string>>) {
  return ({ principal, method, params, data }: PermissionRequest) => {
    if (!oauthScopeAllows(principal, method) || !reachesOrganizer(principal, params.organizer!, data)) return false;
    if (params.event !== undefined && !data.event(params.organizer!, params.event)) return false;
    const permission = required[method];
    return isSafeMethod(method) || permission === undefined || holdsPermission(principal, params.organizer!, permission, data);
  };
}

/**
 * DRF's SimpleMetadata: OPTIONS describes a writing method's fields only to a credential the
 * view's permission would let use it.
 */
function metadataFor(name: string, method: string, fields: Record<string, unknown>, permission: (r: PermissionRequest) => boolean): ResourceAction {
  return ({ res, principal, params, data }) =>
    res.json(simpleMetadata(name, '', permission({ principal, method, params, data }) ? { [method]: fields } : undefined));
}

const LIST_PERMISSION = eventPermission({ POST: CREATE_PERMISSION });
const DETAIL_PERMISSION = eventPermission({ PUT: CHANGE_PERMISSION, PATCH: CHANGE_PERMISSION, DELETE: CHANGE_PERMISSION });

/**
 * `/api/v1/organizers/{organizer}/events/`: the organizer's events, filtered, ordered by `slug`
 * (or `date_from`), paginated. Creating (POST) needs `can_create_events`; where pretix would
 * create, the mock answers 405 (a deliberate difference).
 */
export const eventList: Resource = {
  name: 'event-list',
  pattern: withFormatSuffix('/api/v1/organizers/(?<organizer>[^/]+)/events'),
  allow: 'GET, POST, HEAD, OPTIONS',
  permission: LIST_PERMISSION,
  actions: {
    GET: list,
    HEAD: list,
    // pretix checks can_create_events when it creates, not in the permission class OPTIONS asks.
    OPTIONS: metadataFor('Event List', 'POST', FIELDS, eventPermission({})),
    POST: notServed,
  },
};

/**
 * `/api/v1/organizers/{organizer}/events/{event}/`: one event, through the same filters as the
 * list. An unknown event is a 403, as pretix resolves it before the permission check. PUT, PATCH
 * and DELETE need `can_change_event_settings`; where pretix would write, the mock answers 405.
 */
export const eventDetail: Resource = {
  name: 'event-detail',
  pattern: withFormatSuffix('/api/v1/organizers/(?<organizer>[^/]+)/events/(?<event>[^/.]+)'),
  allow: 'GET, PUT, PATCH, DELETE, HEAD, OPTIONS',
  permission: DETAIL_PERMISSION,
  actions: {
    GET: retrieve,
    HEAD: retrieve,
    OPTIONS: metadataFor('Event Instance', 'PUT', withValidKeys, DETAIL_PERMISSION),
    PUT: notServed,
    PATCH: notServed,
    DELETE: notServed,
  },
};

