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

/**
 * Empty since the mock follows pretix 2026.8: its User-Agent is 2026.8.0's (python-requests/2.34.2);
 * the 2026.5 captures' (2.32.5) is a version difference (test/conformance/version-differences.ts).
 */
export const KNOWN_DELIVERY_DIFFERENCES: readonly KnownDeliveryDifference[] = [];

/** The entry that explains a delivery divergence, if any. */
export function explainDelivery(divergence: DeliveryDivergence, table: readonly KnownDeliveryDifference[] = KNOWN_DELIVERY_DIFFERENCES): KnownDeliveryDifference | undefined {
  return table.find((entry) => entry.matches(divergence));
}
