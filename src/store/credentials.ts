import { randomInt } from 'node:crypto';
import type { Fixture } from './fixture-types.js';
import type { Problem } from '../spec/problem.js';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** 32 random lower-case letters and digits, like pretix's own `generate_api_token`. */
export function freshToken(): string {
  let token = '';
  for (let i = 0; i < 32; i++) token += ALPHABET[randomInt(ALPHABET.length)];
  return token;
}

/** Every credential of a dataset: the token string, its Authorization scheme and its place in the document. */
export function credentialRecords(f: Fixture): Array<{ token: string; scheme: string; path: string }> {
  return [
    ...f.team_tokens.map((t, i) => ({ token: t.token, scheme: 'Token', path: `/team_tokens/${i}/token` })),
    ...f.devices.map((d, i) => ({ token: d.token, scheme: 'Device', path: `/devices/${i}/token` })),
    ...f.oauth_tokens.map((t, i) => ({ token: t.token, scheme: 'Bearer', path: `/oauth_tokens/${i}/token` })),
  ];
}

/** `Authorization` values for every credential of a dataset, keyed by its token string. */
export function credentialsOf(f: Fixture): Record<string, string> {
  return Object.fromEntries(credentialRecords(f).map((c) => [c.token, `${c.scheme} ${c.token}`]));
}

/**
 * A copy of the dataset with every credential token replaced by a fresh, unguessable one.
 * `tokens` maps each ORIGINAL token string to the Authorization value of its replacement.
 */
export function withFreshCredentials(f: Fixture): { doc: Fixture; tokens: Record<string, string> } {
  const doc = structuredClone(f);
  const tokens: Record<string, string> = {};
  const replace = <T extends { token: string }>(records: T[], scheme: string) => {
    for (const r of records) {
      const fresh = freshToken();
      tokens[r.token] = `${scheme} ${fresh}`;
      r.token = fresh;
    }
  };
  replace(doc.team_tokens, 'Token');
  replace(doc.devices, 'Device');
  replace(doc.oauth_tokens, 'Bearer');
  return { doc, tokens };
}

/** The dataset's credentials that `taken` already holds, as problems naming their place (never the token). */
export function credentialClashes(f: Fixture, taken: (token: string) => boolean): Problem[] {
  return credentialRecords(f)
    .filter((c) => taken(c.token))
    .map((c) => ({ path: c.path, message: 'is a credential of another dataset of this server' }));
}
