import type { components } from '../generated/control-api.js';

/**
 * One problem found in a request or a document: a JSON pointer into the checked value (for example
 * `/body/effect/ms` or `/webhooks/0/organizer`) and what is wrong there. The control plane's
 * `Problem` schema (openapi/mock-admin.yaml); request validation, fixture checks and the control
 * plane's 400 answers all use it.
 */
export type Problem = components['schemas']['Problem'];
