import { ActionTypeRegistry } from './action-types.js';
import type {
  DeviceRecord,
  EventRecord,
  Fixture,
  OAuthTokenRecord,
  OrganizerRecord,
  TeamRecord,
  TeamTokenRecord,
  WebhookRecord,
} from './fixture-types.js';

/** The writable webhook fields. */
export type WebhookFields = Omit<WebhookRecord, 'id' | 'organizer'>;

/**
 * One dataset in memory: the fixture document plus the indexes every request needs, so that
 * lookups and list pages cost the same at 10 or 10,000 webhooks. The records are the fixture
 * document's own objects; mutations keep document and indexes in step.
 */
export class Dataset {
  readonly registry: ActionTypeRegistry;
  readonly #organizers = new Map<string, OrganizerRecord>();
  readonly #eventPositions = new Map<string, Map<string, number>>();
  readonly #teams = new Map<number, TeamRecord>();
  readonly #teamTokens = new Map<string, TeamTokenRecord>();
  readonly #devices = new Map<string, DeviceRecord>();
  readonly #oauthTokens = new Map<string, OAuthTokenRecord>();
  readonly #webhooks = new Map<number, WebhookRecord>();
  readonly #webhooksByOrganizer = new Map<string, WebhookRecord[]>();

  constructor(readonly doc: Fixture) {
    this.registry = new ActionTypeRegistry(doc.plugin_action_types);
    for (const o of doc.organizers) {
      this.#organizers.set(o.slug, o);
      this.#eventPositions.set(o.slug, new Map());
      this.#webhooksByOrganizer.set(o.slug, []);
    }
    doc.events.forEach((e: EventRecord, i) => this.#eventPositions.get(e.organizer)?.set(e.slug, i));
    for (const t of doc.teams) this.#teams.set(t.id, t);
    for (const t of doc.team_tokens) this.#teamTokens.set(t.token, t);
    for (const d of doc.devices) this.#devices.set(d.token, d);
    for (const t of doc.oauth_tokens) this.#oauthTokens.set(t.token, t);
    for (const w of doc.webhooks) this.#index(w);
  }

  #index(w: WebhookRecord): void {
    this.#webhooks.set(w.id, w);
    this.#webhooksByOrganizer.get(w.organizer)?.push(w);
  }

  organizer(slug: string): OrganizerRecord | undefined {
    return this.#organizers.get(slug);
  }

  /** The organizer's events in the dataset's order. */
  events(organizer: string): EventRecord[] {
    return this.doc.events.filter((e) => e.organizer === organizer);
  }

  event(organizer: string, slug: string): EventRecord | undefined {
    const at = this.eventPosition(organizer, slug);
    return at === undefined ? undefined : this.doc.events[at];
  }

  /** Position of an event in its organizer's list (pretix orders events by date; fixtures list them in that order). */
  eventPosition(organizer: string, slug: string): number | undefined {
    return this.#eventPositions.get(organizer)?.get(slug);
  }

  teamToken(token: string): TeamTokenRecord | undefined {
    return this.#teamTokens.get(token);
  }

  team(id: number): TeamRecord | undefined {
    return this.#teams.get(id);
  }

  device(token: string): DeviceRecord | undefined {
    return this.#devices.get(token);
  }

  oauthToken(token: string): OAuthTokenRecord | undefined {
    return this.#oauthTokens.get(token);
  }

  /** The organizer's teams that have the user as a member. */
  teamsOfUser(organizer: string, user: string): TeamRecord[] {
    return this.doc.teams.filter((t) => t.organizer === organizer && t.members.includes(user));
  }

  /** All webhooks of the organizer, ordered by id. */
  webhooks(organizer: string): readonly WebhookRecord[] {
    return this.#webhooksByOrganizer.get(organizer) ?? [];
  }

  /** The organizer's webhook with this id; undefined for another organizer's or an unknown id. */
  webhook(organizer: string, id: number): WebhookRecord | undefined {
    const w = this.#webhooks.get(id);
    return w && w.organizer === organizer ? w : undefined;
  }

  /** Adds a webhook with the next id of the sequence. */
  createWebhook(organizer: string, fields: WebhookFields): WebhookRecord {
    const record: WebhookRecord = { id: this.doc.webhook_next_id++, organizer, ...fields };
    this.doc.webhooks.push(record);
    this.#index(record);
    return record;
  }

  /** Changes the given fields of a stored webhook in place. */
  updateWebhook(record: WebhookRecord, changes: Partial<WebhookFields>): WebhookRecord {
    Object.assign(record, changes);
    return record;
  }

  /** Puts a whole record back as it was persisted (replaying a write-ahead log). */
  restoreWebhook(record: WebhookRecord): void {
    const existing = this.#webhooks.get(record.id);
    if (existing) Object.assign(existing, record);
    else {
      const copy = { ...record };
      this.doc.webhooks.push(copy);
      this.#index(copy);
    }
    this.doc.webhook_next_id = Math.max(this.doc.webhook_next_id, record.id + 1);
  }
}
