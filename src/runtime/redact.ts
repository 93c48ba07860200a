/**
 * Redaction of credentials for the journal: an Authorization value keeps its scheme and the
 * first 4 characters of the token (fewer for tokens under 8 characters, so that never more than
 * half of a token shows), for example `Token sand…`. Cookie values are cut the same way.
 */

const SHOWN = 4;

function cut(secret: string): string {
  const shown = Math.min(SHOWN, Math.floor(secret.length / 2));
  return `${secret.slice(0, shown).trimEnd()}…`;
}

/** `Token sandbox-bigevents-admin` → `Token sand…`; a value without a scheme is cut as a whole. */
export function redactAuthorization(value: string): string {
  const m = /^(\s*\S+\s+)(\S[\s\S]*)$/.exec(value);
  return m ? `${m[1]}${cut(m[2]!)}` : cut(value.trim());
}

function redactCookie(value: string): string {
  return value
    .split(';')
    .map((part) => {
      const eq = part.indexOf('=');
      return eq < 0 ? part : `${part.slice(0, eq + 1)}${cut(part.slice(eq + 1))}`;
    })
    .join(';');
}

const REDACTED: Record<string, (value: string) => string> = {
  authorization: redactAuthorization,
  'proxy-authorization': redactAuthorization,
  cookie: redactCookie,
};

/** Request headers as the journal keeps them: lower-case names, credentials redacted. */
export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined) continue;
    const value = Array.isArray(raw) ? raw.join(', ') : raw;
    out[name] = REDACTED[name]?.(value) ?? value;
  }
  return out;
}
