import type { Job } from './jobs.js';

/**
 * Where a replica records the webhook calls it owes (`--redis`), so that another replica takes
 * them over if it dies: each queued call and pending retry is held under a lease; an attempt
 * first claims it (exactly one replica wins) and releases it when it is done.
 */
export interface DeliveryLeases {
  /** Records a call that is queued, or a retry that comes due at `job.dueAt`. */
  hold(job: Job): void;
  /** Takes the call for one attempt; false if another replica has it (or it was dropped). */
  claim(job: Job): Promise<boolean>;
  /** Forgets the call: attempted, dropped or cleared. */
  release(job: Job): void;
}
