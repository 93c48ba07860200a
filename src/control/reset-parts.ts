/**
 * What `POST /__admin/reset` restores. All of them by default; `only` narrows it.
 * - `dataset`: the webhooks and id sequence of the fixtures, its idempotency keys and queued calls
 * - `journal`: the recorded requests
 * - `faults`: the fault rules
 * - `holds`: requests held by latency, delay or hang (they end now, as their timer would end them)
 * - `deliveries`: the delivery log and the pending retries
 * Coverage is never reset: it describes the whole run.
 */
export const RESET_PARTS = ['dataset', 'journal', 'faults', 'holds', 'deliveries'] as const;

export type ResetPart = (typeof RESET_PARTS)[number];

/** The parts to reset: all when `only` is absent or empty. */
export function resetParts(only: readonly ResetPart[] | undefined): Set<ResetPart> {
  return new Set(only === undefined || only.length === 0 ? RESET_PARTS : only);
}
