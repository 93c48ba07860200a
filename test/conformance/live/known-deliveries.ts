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

export const KNOWN_DELIVERY_DIFFERENCES: KnownDeliveryDifference[] = [];

/** The entry that explains a delivery divergence, if any. */
export function explainDelivery(divergence: DeliveryDivergence): KnownDeliveryDifference | undefined {
  return KNOWN_DELIVERY_DIFFERENCES.find((entry) => entry.matches(divergence));
}
