import type { OrganizerRecord } from '../../../store/fixture-types.js';

/** OrganizerSerializer's output, keys in its field order; `public_url` is on the site URL. */
export function representOrganizer(o: OrganizerRecord, siteUrl: string) {
  return { name: o.name, slug: o.slug, public_url: `${siteUrl}/${o.slug}/`, plugins: o.plugins };
}
