import type { components } from '../generated/control-api.js';

/**
 * The fixture format: a dataset as JSON. `fixtures/default.json` is one, `--data` files are one,
 * and `GET /__admin/state` exports one. The JSON Schema is `Fixture` in openapi/fixture.yaml; these
 * are the types openapi-typescript generates from it (src/generated/control-api.ts), with every
 * default filled in, as a checked fixture has them.
 */
type FixtureSchema = components['schemas']['Fixture'];

/** Every field present: what the check's defaults make of a fixture record. */
type Filled<T> = { [K in keyof T]-?: Exclude<T[K], undefined> };

export type OrganizerRecord = Filled<FixtureSchema['organizers'][number]>;
/** A translated string: language code to text. A plain string in a fixture means English. */
export type I18nText = string | components['schemas']['I18nString'];
export type EventRecord = Filled<FixtureSchema['events'][number]>;
/** `permissions` are the schema's legacy permission names; code asks for them by any name. */
export type TeamRecord = Filled<Omit<FixtureSchema['teams'][number], 'permissions'>> & { permissions: string[] };
export type TeamTokenRecord = Filled<FixtureSchema['team_tokens'][number]>;
export type DeviceRecord = Filled<FixtureSchema['devices'][number]>;
export type OAuthTokenRecord = Filled<FixtureSchema['oauth_tokens'][number]>;
export type WebhookRecord = Filled<FixtureSchema['webhooks'][number]>;

/** A complete, normalized dataset: every list present, every default filled in, `webhook_next_id` set. */
export type Fixture = Filled<Omit<FixtureSchema, 'organizers' | 'events' | 'teams' | 'team_tokens' | 'devices' | 'oauth_tokens' | 'webhooks'>> & {
  organizers: OrganizerRecord[];
  events: EventRecord[];
  teams: TeamRecord[];
  team_tokens: TeamTokenRecord[];
  devices: DeviceRecord[];
  oauth_tokens: OAuthTokenRecord[];
  webhooks: WebhookRecord[];
};
