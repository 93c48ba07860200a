import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The default organizers, events and admin token, with `count` webhooks for bigevents. */
export async function writeGrowthFixture(dir: string, count: number): Promise<string> {
  const fixture = {
    organizers: [{ slug: 'bigevents', name: 'Big Events LLC' }, { slug: 'acme', name: 'ACME Events' }],
    events: [{ organizer: 'bigevents', slug: 'democon', name: 'DemoCon' }],
    teams: [{ id: 1, organizer: 'bigevents', name: 'Administrators', permissions: ['can_change_organizer_settings'] }],
    team_tokens: [{ token: 'sandbox-bigevents-admin', team: 1 }],
    webhooks: Array.from({ length: count }, (_, i) => ({
      id: i + 1,
      organizer: 'bigevents',
      enabled: true,
      target_url: `https://hooks.example.com/pretix/${i + 1}`,
      all_events: false,
      limit_events: ['democon'],
      action_types: ['pretix.event.order.changed.*', 'pretix.event.order.placed'],
      comment: i % 2 ? null : `webhook number ${i + 1}`,
    })),
  };
  const file = join(dir, `growth-${count}.json`);
  await writeFile(file, JSON.stringify(fixture));
  return file;
}
