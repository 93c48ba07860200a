import type { PluginActionType } from './action-types.js';

/**
 * The fixture format: a dataset as JSON. `fixtures/default.json` is one, `--data` files are one,
 * and `GET /__admin/state` exports one. The JSON Schema is `Fixture` in openapi/fixture.yaml.
 */

export interface OrganizerRecord {
  slug: string;
  name: string;
  plugins: string[];
  /** Identifiers of the organizer's sales channels; events on all channels list these. */
  sales_channels: string[];
}

/** A translated string: language code to text. A plain string in a fixture means English. */
export type I18nText = string | Record<string, string>;

export interface EventRecord {
  organizer: string;
  slug: string;
  name: I18nText;
  /** ISO 8601 date-times. */
  date_from: string;
  date_to: string | null;
  date_admission: string | null;
  presale_start: string | null;
  presale_end: string | null;
  currency: string;
  timezone: string;
  live: boolean;
  testmode: boolean;
  is_public: boolean;
  location: I18nText | null;
  geo_lat: number | null;
  geo_lon: number | null;
  has_subevents: boolean;
  meta_data: Record<string, string>;
  plugins: string[];
  all_sales_channels: boolean;
  limit_sales_channels: string[];
}

export interface TeamRecord {
  id: number;
  organizer: string;
  name: string;
  /** pretix's legacy team permission names, for example `can_change_organizer_settings`. */
  permissions: string[];
  /** Users (e-mail addresses) in the team; OAuth tokens act for a user. */
  members: string[];
}

export interface TeamTokenRecord {
  token: string;
  team: number;
  name: string;
  active: boolean;
}

export interface DeviceRecord {
  token: string;
  organizer: string;
  name: string;
  initialized: boolean;
  revoked: boolean;
  /** `full` allows every URL; any other profile denies the webhook URLs. */
  security_profile: string;
}

export interface OAuthTokenRecord {
  token: string;
  user: string;
  scopes: string[];
  /** Organizer slugs granted to the application. */
  organizers: string[];
  /** ISO 8601; an expired token is answered like no credentials. */
  expires: string | null;
}

export interface WebhookRecord {
  id: number;
  organizer: string;
  enabled: boolean;
  target_url: string;
  all_events: boolean;
  limit_events: string[];
  action_types: string[];
  comment: string | null;
}

/** A complete, normalized dataset: every list present, every default filled in. */
export interface Fixture {
  organizers: OrganizerRecord[];
  events: EventRecord[];
  teams: TeamRecord[];
  team_tokens: TeamTokenRecord[];
  devices: DeviceRecord[];
  oauth_tokens: OAuthTokenRecord[];
  webhooks: WebhookRecord[];
  /** The id the next created webhook gets. */
  webhook_next_id: number;
  plugin_action_types: PluginActionType[];
}
