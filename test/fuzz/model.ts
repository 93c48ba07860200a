import type { Fixture, WebhookRecord } from '../../src/store/fixture-types.js';
import { pythonInt } from '../../src/pretix/drf/python.js';

/**
 * What the fuzzer believes the server holds, learnt only from the answers it got: per dataset
 * (shared and each sandbox) the credentials and webhooks, plus the idempotency keys in use. The
 * rules here (routing a credential to its dataset, who may use which organizer) are written
 * again from pretix's behaviour on purpose: they must not share code with the server.
 */

export const PERMISSION = 'can_change_organizer_settings';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export class DatasetModel {
  webhooks = new Map<number, WebhookRecord>();
  nextId = 1;

  constructor(
    readonly id: string,
    public doc: Fixture,
    /** What a reset returns to. */
    readonly baseline: Fixture,
    /** Authorization values by the token string of the fixtures the dataset was made from. */
    readonly auth: Record<string, string> = authorizationsOf(doc),
  ) {
    this.load(doc);
  }

  load(doc: Fixture): void {
    this.doc = structuredClone(doc);
    this.webhooks = new Map([...doc.webhooks].sort((a, b) => a.id - b.id).map((w) => [w.id, structuredClone(w)]));
    this.nextId = doc.webhook_next_id;
  }

  /** The webhooks of one organizer, by id. */
  of(organizer: string): WebhookRecord[] {
    return [...this.webhooks.values()].filter((w) => w.organizer === organizer).sort((a, b) => a.id - b.id);
  }

  /** Every credential token of the dataset. */
  tokens(): string[] {
    return [...this.doc.team_tokens, ...this.doc.devices, ...this.doc.oauth_tokens].map((c) => c.token);
  }

  /** Whether an Authorization value may use the organizer's webhooks with this method (pretix's EventPermission). */
  allows(authorization: string | undefined, organizer: string, method: string, now = Date.now()): boolean {
    const parts = (authorization ?? '').split(/[ \t\n\r\x0b\x0c]+/).filter(Boolean);
    if (parts.length !== 2 || !this.doc.organizers.some((o) => o.slug === organizer)) return false;
    const [keyword, token] = [parts[0]!.toLowerCase(), parts[1]!];
    if (keyword === 'token') {
      const t = this.doc.team_tokens.find((x) => x.token === token);
      const team = t && this.doc.teams.find((x) => x.id === t.team);
      return !!t?.active && team?.organizer === organizer && team.permissions.includes(PERMISSION);
    }
    if (keyword === 'bearer') {
      const t = this.doc.oauth_tokens.find((x) => x.token === token);
      if (!t || (t.expires !== null && Date.parse(t.expires) <= now)) return false;
      const member = this.doc.teams.some((x) => x.organizer === organizer && x.members.includes(t.user) && x.permissions.includes(PERMISSION));
      return member && t.scopes.includes(SAFE.has(method) ? 'read' : 'write') && t.organizers.includes(organizer);
    }
    return false; // devices never hold the permission
  }
}

/** `Token x`, `Device y`, `Bearer z` for every credential, keyed by its token. */
export function authorizationsOf(doc: Fixture): Record<string, string> {
  return Object.fromEntries([
    ...doc.team_tokens.map((t) => [t.token, `Token ${t.token}`]),
    ...doc.devices.map((d) => [d.token, `Device ${d.token}`]),
    ...doc.oauth_tokens.map((t) => [t.token, `Bearer ${t.token}`]),
  ]);
}

interface KeyEntry {
  dataset: string;
  response?: { status: number; text: string };
}

/** Statuses pretix does not keep under an idempotency key. */
const NOT_STORED = new Set([409, 429, 500, 503]);

export class Model {
  readonly datasets = new Map<string, DatasetModel>();
  readonly keys = new Map<string, KeyEntry>();

  constructor(shared: Fixture) {
    this.datasets.set('shared', new DatasetModel('shared', shared, shared));
  }

  get shared(): DatasetModel {
    return this.datasets.get('shared')!;
  }

  sandboxes(): DatasetModel[] {
    return [...this.datasets.values()].filter((d) => d.id !== 'shared');
  }

  /** The dataset a request's credentials route to: the sandbox holding the token, else shared. */
  datasetOf(authorization: string | undefined): DatasetModel {
    const parts = (authorization ?? '').split(/[ \t\n\r\x0b\x0c]+/).filter(Boolean);
    if (parts.length === 2) {
      for (const d of this.sandboxes()) if (d.tokens().includes(parts[1]!)) return d;
    }
    return this.shared;
  }

  /** The idempotency scope of a request, or undefined when pretix ignores the key. */
  scope(method: string, rawPath: string, authorization: string | undefined, key: string | undefined): string | undefined {
    if (!key || SAFE.has(method) || !rawPath.startsWith('/api/')) return undefined;
    return `${authorization ?? ''}\u0000${key}`;
  }

  /** Records the first answer under a key (pretix forgets 409, 429, 500, 503). */
  remember(scope: string, dataset: string, status: number, text: string): void {
    if (NOT_STORED.has(status)) this.keys.delete(scope);
    else this.keys.set(scope, { dataset, response: { status, text } });
  }

  forgetKeys(dataset: string): void {
    for (const [scope, entry] of this.keys) if (entry.dataset === dataset) this.keys.delete(scope);
  }

  removeSandbox(id: string): void {
    this.datasets.delete(id);
    this.forgetKeys(id);
  }
}

/** Python's int(), which pretix reads ids with: any Unicode decimal digits (`２`, `٣`), as recorded on pretix 2026.5. */
export function asciiPyInt(text: string): number | undefined {
  return pythonInt(text);
}

/** Django's view of a path: percent-decoded when it can be. */
export function pretixRoute(pathname: string): { organizer: string; id?: string } | undefined {
  let decoded = pathname;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    // Django keeps undecodable sequences; so does the model
  }
  const list = /^\/api\/v1\/organizers\/([^/]+)\/webhooks\/$/.exec(decoded);
  if (list) return { organizer: list[1]! };
  const detail = /^\/api\/v1\/organizers\/([^/]+)\/webhooks\/([^/.]+)\/$/.exec(decoded);
  return detail ? { organizer: detail[1]!, id: detail[2]! } : undefined;
}
