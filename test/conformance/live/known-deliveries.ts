/**
 * Known differences of the mock's webhook deliveries from the real pretix's (live delivery
 * comparison). Kinds as in known-differences.ts.
 */
import type { DeliveryDivergence } from './deliveries.js';

export interface KnownDeliveryDifference {
  id: string;
  kind: 'deliberate' | 'version' | 'pending';
  reason: string;
  matches(divergence: DeliveryDivergence): boolean;
}

export const KNOWN_DELIVERY_DIFFERENCES: KnownDeliveryDifference[] = [
  {
    id: 'delivery-user-agent',
    kind: 'deliberate',
    reason:
      "pretix sends requests' own User-Agent (python-requests/2.32.5 in the 2026.5 captures, python-requests/2.34.2 with pretix 2026.8.0 from PyPI: " +
      'it follows the installed requests, not pretix); the mock names itself (README, "The request")',
    matches: (d) => d.aspect === 'header' && d.name === 'user-agent' && /^python-requests\//.test(d.expected ?? ''),
  },
  {
    id: 'delivery-giftcard-slugs',
    kind: 'pending',
    reason:
      'pretix (2026.5 captures and 2026.8 alike) puts issuer_slug after issuer_id, and acceptor_id, acceptor_slug before giftcard in a transaction; ' +
      'the mock leaves the slugs out and puts acceptor_id last: the byte-identical deliveries of issue 13 fix it',
    matches: (d) => d.action.startsWith('pretix.giftcards.') && (d.aspect === 'body' || (d.aspect === 'header' && d.name === 'content-length')),
  },
];

/** The entry that explains a delivery divergence, if any. */
export function explainDelivery(divergence: DeliveryDivergence): KnownDeliveryDifference | undefined {
  return KNOWN_DELIVERY_DIFFERENCES.find((entry) => entry.matches(divergence));
}
