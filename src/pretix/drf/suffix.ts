/**
 * DRF's `format_suffix_patterns`: each route also matches with `.<format>` (and an optional slash)
 * in place of its trailing slash, for example `/events.json` and `/events/democon.json/`.
 */
export function withFormatSuffix(prefix: string): RegExp {
  return new RegExp(`^${prefix}(?:/|\\.(?<format>[a-z0-9]+)/?)$`);
}
