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
    kind: 'version',
    reason:
      "pretix sends the installed requests' User-Agent: python-requests/2.32.5 in the 2026.5 captures (the mock's default, " +
      '--delivery-user-agent changes it), python-requests/2.34.2 with pretix 2026.8.0 from PyPI',
    matches: (d) => d.aspect === 'header' && d.name === 'user-agent' && /^python-requests\//.test(d.expected ?? ''),
  },
];

/** The entry that explains a delivery divergence, if any. */
export function explainDelivery(divergence: DeliveryDivergence): KnownDeliveryDifference | undefined {
  return KNOWN_DELIVERY_DIFFERENCES.find((entry) => entry.matches(divergence));
}
