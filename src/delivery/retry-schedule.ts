/**
 * pretix's retry intervals in seconds (`send_webhook`, src/pretix/api/webhooks.py): after the
 * attempt with `retry_count = k` fails, the next comes `RETRY_INTERVALS[k]` seconds later; after
 * the attempt with `retry_count = 11` it gives up. At most 12 attempts over about 59.4 hours.
 */
export const RETRY_INTERVALS: readonly number[] = [5, 30, 60, 300, 1200, 3600, 14400, 21600, 43200, 43200, 86400];

/** The wait in pretix seconds before the next attempt, or undefined when pretix gives up. */
export function retryInterval(retryCount: number): number | undefined {
  return RETRY_INTERVALS[retryCount];
}
