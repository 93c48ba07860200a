/**
 * Concurrent writers for the durability rounds. Each writer owns its webhooks, so that at most
 * one write per webhook is in flight: a webhook's comment carries a version that rises with each
 * PATCH, and the writer knows which versions were acknowledged (a 2xx came back) and which were
 * only sent.
 */

export const ORGANIZER = 'bigevents';
export const AUTHORIZATION = 'Token sandbox-bigevents-admin';
const BODY = { target_url: 'https://example.com/durable', limit_events: [], action_types: ['pretix.event.order.placed'] };

export interface Tracked {
  /** `c<round>-<writer>-<n>`: unique per creation, the comment's prefix. */
  name: string;
  id?: number;
  /** Highest comment version acknowledged / sent. */
  acked: number;
  sent: number;
  /** DELETE (disable) acknowledged / sent. */
  disabledAcked: boolean;
  disabledSent: boolean;
  /** The creation was acknowledged. */
  created: boolean;
}

export const commentOf = (t: Tracked, version: number) => `${t.name}-v${version}`;

async function call(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; json?: unknown } | undefined> {
  try {
    const res = await fetch(url + path, {
      method,
      headers: { authorization: AUTHORIZATION, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined };
  } catch {
    return undefined; // the server died under the request: not acknowledged
  }
}

/**
 * Runs `writers` loops of creates, PATCHes and DELETEs until `stop()` says so. Returns every
 * webhook it touched. Any answer other than the expected 2xx while the server is up is an error.
 */
export async function writeStorm(url: string, options: { round: number; writers: number; random: () => number; owned: Tracked[][]; stop: () => boolean; errors: string[]; acks: { count: number } }) {
  const { round, random, owned, stop, errors, acks } = options;
  const base = `/api/v1/organizers/${ORGANIZER}/webhooks/`;
  const writer = async (w: number) => {
    const mine = (owned[w] ??= []);
    for (let n = 0; !stop(); n++) {
      const live = mine.filter((t) => t.created && t.id !== undefined);
      const roll = random();
      if (live.length === 0 || roll < 0.35) {
        const t: Tracked = { name: `c${round}-${w}-${n}`, acked: -1, sent: 0, disabledAcked: false, disabledSent: false, created: false };
        mine.push(t);
        const res = await call(url, 'POST', base, { ...BODY, comment: commentOf(t, 0) });
        if (!res) return;
        if (res.status !== 201) return void errors.push(`POST: ${res.status}`);
        Object.assign(t, { id: (res.json as { id: number }).id, acked: 0, created: true });
        acks.count++;
      } else if (roll < 0.9) {
        const t = live[Math.floor(random() * live.length)]!;
        const version = ++t.sent;
        const res = await call(url, 'PATCH', `${base}${t.id}/`, { comment: commentOf(t, version) });
        if (!res) return;
        if (res.status !== 200) return void errors.push(`PATCH ${t.id}: ${res.status}`);
        t.acked = version;
        acks.count++;
      } else {
        const t = live[Math.floor(random() * live.length)]!;
        t.disabledSent = true;
        const res = await call(url, 'DELETE', `${base}${t.id}/`);
        if (!res) return;
        if (res.status !== 204) return void errors.push(`DELETE ${t.id}: ${res.status}`);
        t.disabledAcked = true;
        acks.count++;
      }
    }
  };
  await Promise.all(Array.from({ length: options.writers }, (_, w) => writer(w)));
}
