import type { components } from '../generated/control-api.js';
import type { PayloadFamily } from '../store/action-types.js';
import { PretixError } from '../pretix/drf/errors.js';
import type { Dataset } from '../store/dataset.js';
import { EVENTLESS_FAMILIES, buildPayload, type NotificationIds } from './payloads.js';
import { pythonJsonDumps } from './python-json.js';

/** What `POST /__admin/notify` asks for: a pretix log entry and the ids its payload needs. */
export type NotifyRequest = components['schemas']['NotifyRequest'];

/** A log entry ready to be sent: what pretix's `notify_webhooks` and `build_payload` work out. */
export interface PreparedNotification {
  /** The registered type the action resolves to, or null when no webhook type matches. */
  webhookType: string | null;
  /** The event the log entry belongs to, for the `limit_events` filter (null: no filter). */
  logEvent: string | null;
  payload: Record<string, unknown> | null;
  /** The POST body, exactly as requests would send it. */
  body: string | null;
  generated: string[];
}

/** The control plane's 400 (as AdminErrors.invalid words it): delivery sits below the control plane. */
const unfit = (path: string, message: string) => new PretixError(400, { detail: 'The notification does not fit the dataset.', errors: [{ path, message }] });

// pretix logs an event's deletion on the organizer, with the slug in the log data: no event filter (inferred).
const EVENT_DELETED = 'pretix.event.deleted';

function eventFor(data: Dataset, req: NotifyRequest, family: PayloadFamily | undefined): { slug: string | null; generated: boolean } {
  const given = req.event ?? null;
  const problem = (message: string) => unfit('/body/event', message);
  if (family && EVENTLESS_FAMILIES.has(family)) {
    if (given !== null) throw problem(`must be absent: ${req.action_type} notifications carry no event`);
    return { slug: null, generated: false };
  }
  // pretix's API sends an event's deletion with `"event": null`; only an explicit null asks for that.
  if (req.action_type === EVENT_DELETED && req.event === null) return { slug: null, generated: false };
  if (given !== null) {
    if (req.action_type !== EVENT_DELETED && data.eventPosition(req.organizer, given) === undefined) {
      throw problem(`no event ${JSON.stringify(given)} of organizer ${JSON.stringify(req.organizer)}`);
    }
    return { slug: given, generated: false };
  }
  if (!family) return { slug: null, generated: false };
  const first = data.doc.events.find((e) => e.organizer === req.organizer);
  if (!first) throw problem(`is required: organizer ${JSON.stringify(req.organizer)} has no event to pick one from`);
  return { slug: first.slug, generated: true };
}

/** Checks the request against the dataset and builds the payload. Throws PretixError (400). */
export function prepareNotification(data: Dataset, req: NotifyRequest, notificationId: number): PreparedNotification {
  const organizerIndex = data.doc.organizers.findIndex((o) => o.slug === req.organizer);
  if (organizerIndex < 0) {
    throw unfit('/body/organizer', `no organizer ${JSON.stringify(req.organizer)} in this dataset`);
  }
  const webhookType = data.registry.resolve(req.action_type) ?? null;
  const family = webhookType ? data.registry.family(webhookType) : undefined;
  const event = eventFor(data, req, family);
  const logEvent = req.action_type === EVENT_DELETED ? null : event.slug;
  if (!webhookType || !family) return { webhookType: null, logEvent, payload: null, body: null, generated: [] };
  const { payload, generated } = buildPayload(
    {
      family, notificationId, organizer: req.organizer, organizerId: organizerIndex + 1, event: event.slug, action: req.action_type,
      organizerSlug: (id) => data.doc.organizers[id - 1]?.slug,
    },
    req,
  );
  if (event.generated) generated.unshift('event');
  return { webhookType, logEvent, payload, body: pythonJsonDumps(payload), generated };
}
