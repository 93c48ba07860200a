import { renderDateTime } from '../../drf/datetime.js';
import type { Dataset } from '../../../store/dataset.js';
import type { EventRecord, I18nText } from '../../../store/fixture-types.js';

/** An i18n field as pretix renders it: a plain string in a fixture is the English text. */
const i18n = (text: I18nText) => (typeof text === 'string' ? { en: text } : text);

/**
 * EventSerializer's output, keys in its field order. The detail adds `valid_keys` (the event's
 * ticket signing keys: none in the mock); the list leaves it out. The mock has no seating plans.
 */
export function representEvent(e: EventRecord, data: Dataset, siteUrl: string, detail: boolean) {
  const channels = e.all_sales_channels ? (data.organizer(e.organizer)?.sales_channels ?? []) : e.limit_sales_channels;
  return {
    name: i18n(e.name),
    slug: e.slug,
    live: e.live,
    testmode: e.testmode,
    currency: e.currency,
    date_from: renderDateTime(e.date_from),
    date_to: renderDateTime(e.date_to),
    date_admission: renderDateTime(e.date_admission),
    is_public: e.is_public,
    presale_start: renderDateTime(e.presale_start),
    presale_end: renderDateTime(e.presale_end),
    location: e.location === null ? null : i18n(e.location),
    geo_lat: e.geo_lat,
    geo_lon: e.geo_lon,
    has_subevents: e.has_subevents,
    meta_data: e.meta_data,
    seating_plan: null,
    plugins: e.plugins,
    seat_category_mapping: {},
    timezone: e.timezone,
    item_meta_properties: {},
    ...(detail ? { valid_keys: { pretix_sig1: [] } } : {}),
    all_sales_channels: e.all_sales_channels,
    limit_sales_channels: e.all_sales_channels ? [] : e.limit_sales_channels,
    public_url: `${siteUrl}/${e.organizer}/${e.slug}/`,
    sales_channels: channels,
  };
}
