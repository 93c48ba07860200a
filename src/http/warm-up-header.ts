/** Marks the server's own warm-up requests, so the journal and coverage leave them out. */
export const WARM_UP_HEADER = 'x-pretix-mock-warm-up';
