/**
 * Django's date-time handling as pretix's API uses it (TIME_ZONE UTC): parsing a filter value
 * like IsoDateTimeField, and rendering like DRF's DateTimeField.
 */

// Django's parse_datetime (ISO 8601, `T` or a space), or a date alone (IsoDateTimeField's
// fallback through forms.DateTimeField input formats); naive values are UTC.
const DATETIME = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,6})\d*)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** Milliseconds since the epoch, or undefined when Django would say "Enter a valid date/time.". */
export function parseDjangoDateTime(text: string): number | undefined {
  const m = DATETIME.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h = '0', mi = '0', s = '0', frac = '', tz] = m.slice(1) as string[];
  const parts = [Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s)] as const;
  const utc = Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5], Number(frac.padEnd(3, '0').slice(0, 3)));
  const check = new Date(utc);
  // Out-of-range parts (month 13, 25 o'clock, February 30) are invalid, not rolled over.
  if (check.getUTCFullYear() !== parts[0] || check.getUTCMonth() !== parts[1] - 1 || check.getUTCDate() !== parts[2] || parts[3] > 23 || parts[4] > 59 || parts[5] > 59) {
    return undefined;
  }
  if (!tz || tz === 'Z') return utc;
  const sign = tz.startsWith('-') ? -1 : 1;
  const digits = tz.slice(1).replace(':', '');
  const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
  return utc - sign * offset * 60_000;
}

/** DRF's rendering of an aware date-time in UTC: `2026-12-01T09:00:00Z`, microseconds when set. */
export function renderDateTime(iso: string | null): string | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const text = new Date(ms).toISOString();
  return text.endsWith('.000Z') ? `${text.slice(0, -5)}Z` : `${text.slice(0, -1)}000Z`;
}
