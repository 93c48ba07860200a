import type { components, operations } from '../generated/control-api.js';
import type { operations as PretixOperations } from '../generated/pretix-api.js';

/**
 * The JSON shapes of the control plane (`/__admin/`): names for what openapi-typescript generates
 * from openapi/mock-admin.yaml (src/generated/control-api.ts). The server builds them and the
 * client library returns them unchanged.
 */
type Schemas = components['schemas'];

/** The operationIds of the pretix API spec (`listWebhooks`, `createWebhook`, ...). */
export type PretixOperationId = keyof PretixOperations;

/** Authorization header values keyed by the fixture's original token string. */
export type Tokens = Schemas['Tokens'];
/** A dataset's id and credentials: what creating, resetting or importing a dataset answers. */
export type DatasetCredentials = Schemas['DatasetCredentials'];
export type SandboxSummary = Schemas['SandboxSummary'];
export type SandboxList = Schemas['SandboxList'];

/**
 * Which requests a fault rule or a journal query is about. Every given field must match.
 * `path` is exact unless it contains `*` (any characters but `/`) or `**` (any characters).
 * Header names are case-insensitive; a header value `*` only asks for the header to be present.
 * The spec takes any operationId string; the type offers the pretix spec's.
 */
export type RequestMatcher = Omit<Schemas['RequestMatcher'], 'operationId'> & { operationId?: PretixOperationId };
/** A journal query: a RequestMatcher plus the answer's status and a partial request body. */
export type JournalMatcher = Omit<Schemas['JournalMatcher'], 'operationId'> & { operationId?: PretixOperationId };

export type { Problem } from '../spec/problem.js';

/** One request to the pretix API as the journal recorded it. */
export type JournalEntry = Schemas['JournalEntry'];
export type JournalPage = Schemas['JournalPage'];
export type RequestCount = Schemas['RequestCount'];

/** What a fault does to a matching request: one of the effect types, each with its own fields. */
export type FaultEffect = Schemas['FaultEffect'];
/** A FaultEffect as a request may send it: every field of every type, checked against FaultEffect by the control plane. */
export type FaultEffectInput = Schemas['FaultEffectInput'];
/** The body of `POST /__admin/faults` as the control plane receives it. */
export type FaultRuleInput = Omit<Schemas['FaultRuleInput'], 'match'> & { match?: RequestMatcher };
/** A fault rule to add, with its effect typed by effect type (what the client library takes). */
export type FaultRuleRequest = Omit<FaultRuleInput, 'effect'> & { effect: FaultEffect };
export type FaultRule = Omit<Schemas['FaultRule'], 'match'> & { match: RequestMatcher };
export type FaultList = Omit<Schemas['FaultList'], 'results'> & { results: FaultRule[] };

export type CoverageCell = Schemas['CoverageCell'];
export type Coverage = Schemas['Coverage'];

/** The webhook delivery records and answers of `/__admin/notify` and `/__admin/deliveries`. */
export type NotifyRequest = Schemas['NotifyRequest'];
export type NotifyResult = Schemas['NotifyResult'];
export type DeliveryRecord = Schemas['DeliveryRecord'];
export type PendingRetry = Schemas['PendingRetry'];
export type DeliverySkip = Schemas['DeliverySkip'];
export type DeliveryStats = Schemas['DeliveryStats'];
/** The answer of `GET /__admin/deliveries`. */
export type DeliveryList = Schemas['DeliveryList'];
/** Filters of `GET /__admin/deliveries`; they combine. */
export type DeliveryListFilter = NonNullable<operations['listDeliveries']['parameters']['query']>;
/** Which pending retries to expedite or drop; all of them when empty. */
export type RetrySelection = Schemas['RetrySelection'];
export type Health = Schemas['Health'];
