import { readFile } from 'node:fs/promises';
import { ActionTypeRegistry } from './action-types.js';
import type { SchemaCheck } from '../spec/schema-check.js';
import type { Problem } from '../spec/problem.js';
import type { Fixture } from './fixture-types.js';

/** A fixture document is invalid. The message names the source, the path inside it and the problem. */
export class FixtureError extends Error {
  override name = 'FixtureError';
  constructor(
    readonly source: string,
    readonly problems: Problem[],
  ) {
    const shown = problems.slice(0, 10).map((p) => `${p.path}: ${p.message}`);
    if (problems.length > shown.length) shown.push(`... and ${problems.length - shown.length} more`);
    super(`invalid fixture ${source}: ${shown.join('; ')}`);
  }
}

/** Duplicate keys; a credential (`what` = 'token') is never quoted, so that errors cannot leak it. */
function duplicates<T>(items: T[], key: (item: T) => string, path: (i: number) => string, what: string) {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) problems.push({ path: path(i), message: what === 'token' ? 'duplicate token' : `duplicate ${what} ${JSON.stringify(k)}` });
    seen.add(k);
  });
  return problems;
}

/** The checks a JSON Schema cannot express: uniqueness and references between records. */
function crossCheck(f: Fixture): Problem[] {
  const problems: Problem[] = [];
  const orgs = new Set(f.organizers.map((o) => o.slug));
  const events = new Set(f.events.map((e) => `${e.organizer}/${e.slug}`));
  const teams = new Set(f.teams.map((t) => t.id));
  const registry = new ActionTypeRegistry(f.plugin_action_types);
  const org = (slug: string, path: string) => {
    if (!orgs.has(slug)) problems.push({ path, message: `unknown organizer ${JSON.stringify(slug)}` });
  };
  problems.push(...duplicates(f.organizers, (o) => o.slug, (i) => `/organizers/${i}/slug`, 'organizer'));
  problems.push(...duplicates(f.events, (e) => `${e.organizer}/${e.slug}`, (i) => `/events/${i}/slug`, 'event'));
  problems.push(...duplicates(f.teams, (t) => String(t.id), (i) => `/teams/${i}/id`, 'team id'));
  problems.push(...duplicates(f.team_tokens, (t) => t.token, (i) => `/team_tokens/${i}/token`, 'token'));
  problems.push(...duplicates(f.devices, (d) => d.token, (i) => `/devices/${i}/token`, 'token'));
  problems.push(...duplicates(f.oauth_tokens, (t) => t.token, (i) => `/oauth_tokens/${i}/token`, 'token'));
  problems.push(...duplicates(f.webhooks, (w) => String(w.id), (i) => `/webhooks/${i}/id`, 'webhook id'));
  f.events.forEach((e, i) => org(e.organizer, `/events/${i}/organizer`));
  f.teams.forEach((t, i) => org(t.organizer, `/teams/${i}/organizer`));
  f.devices.forEach((d, i) => org(d.organizer, `/devices/${i}/organizer`));
  f.team_tokens.forEach((t, i) => {
    if (!teams.has(t.team)) problems.push({ path: `/team_tokens/${i}/team`, message: `unknown team ${t.team}` });
  });
  f.oauth_tokens.forEach((t, i) => t.organizers.forEach((o, j) => org(o, `/oauth_tokens/${i}/organizers/${j}`)));
  f.webhooks.forEach((w, i) => {
    org(w.organizer, `/webhooks/${i}/organizer`);
    w.limit_events.forEach((slug, j) => {
      if (!events.has(`${w.organizer}/${slug}`)) {
        problems.push({ path: `/webhooks/${i}/limit_events/${j}`, message: `no event ${JSON.stringify(slug)} of organizer ${JSON.stringify(w.organizer)}` });
      }
    });
    w.action_types.forEach((type, j) => {
      if (!registry.has(type)) problems.push({ path: `/webhooks/${i}/action_types/${j}`, message: `unregistered action type ${JSON.stringify(type)}` });
    });
  });
  const maxId = Math.max(0, ...f.webhooks.map((w) => w.id));
  if (f.webhook_next_id <= maxId) {
    problems.push({ path: '/webhook_next_id', message: `must be greater than every webhook id (${maxId})` });
  }
  return problems;
}

/**
 * Checks a fixture document against the spec's `Fixture` schema and the cross-record rules, and
 * returns it normalized: defaults filled in, webhooks ordered by id, action types sorted as pretix
 * returns them, and `webhook_next_id` set. Throws FixtureError.
 */
export function checkFixture(doc: unknown, source: string, schemaCheck: SchemaCheck): Fixture {
  const copy = structuredClone(doc) as Partial<Fixture>;
  const problems = schemaCheck(copy);
  if (problems.length > 0) throw new FixtureError(source, problems);
  const fixture = copy as Fixture;
  fixture.webhooks.sort((a, b) => a.id - b.id);
  for (const w of fixture.webhooks) w.action_types.sort();
  fixture.webhook_next_id ??= Math.max(0, ...fixture.webhooks.map((w) => w.id)) + 1;
  const cross = crossCheck(fixture);
  if (cross.length > 0) throw new FixtureError(source, cross);
  return fixture;
}

/** Reads and checks a fixture file. Throws FixtureError naming the file. */
export async function readFixtureFile(file: string, schemaCheck: SchemaCheck): Promise<Fixture> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new FixtureError(file, [{ path: '/', message: `cannot be read (${(err as Error).message})` }]);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new FixtureError(file, [{ path: '/', message: `is not valid JSON (${(err as Error).message})` }]);
  }
  return checkFixture(doc, file, schemaCheck);
}
