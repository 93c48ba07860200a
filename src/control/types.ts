import type { DeliveryRecord } from '../delivery/delivery-log.js';
import type { PendingRetry } from '../delivery/jobs.js';
import type { DeliverySkip } from '../delivery/skip-log.js';
import type { operations } from '../generated/pretix-api.js';

/** The operationIds of the pretix API spec (`listWebhooks`, `createWebhook`, ...). */
export type PretixOperationId = keyof operations;

/**
 * The JSON shapes of the control plane (`/__admin/`), as openapi/admin/*.yaml declares them.
 * The server builds them and the client library returns them unchanged.
 */

/** Authorization header values keyed by the fixture's original token string. */
export type Tokens = Record<string, string>;

/** A dataset's id and credentials: what creating, resetting or importing a dataset answers. */
export interface DatasetCredentials {
  /** `shared` for the fixtures' own dataset, else the sandbox id. */
  id: string;
  tokens: Tokens;
}

export interface SandboxSummary extends DatasetCredentials {
  createdAt: string;
  lastUsedAt: string;
  /** When the sandbox is removed unless it is used before. */
  expiresAt: string;
}

export interface SandboxList {
  count: number;
  max: number;
  results: SandboxSummary[];
}

/**
 * Which requests a fault rule or a journal query is about. Every given field must match.
 * `path` is exact unless it contains `*` (any characters but `/`) or `**` (any characters).
 * Header names are case-insensitive; a header value `*` only asks for the header to be present.
 */
export interface RequestMatcher {
  method?: string;
  path?: string;
  operationId?: PretixOperationId;
  sandbox?: string;
  headers?: Record<string, string>;
}

/** A journal query: a RequestMatcher plus the answer's status and a partial request body. */
export interface JournalMatcher extends RequestMatcher {
  status?: number;
  /** Objects match when every given key matches (recursively); arrays and scalars must be equal. */
  body?: unknown;
}

export interface Problem {
  path: string;
  message: string;
}

/** One request to the pretix API as the journal recorded it. */
export interface JournalEntry {
  /** Increasing number of the entry. */
  id: number;
  /** When the request arrived (ISO 8601). */
  time: string;
  sandbox: string;
  method: string;
  path: string;
  /** The query string without `?`, as sent. */
  query: string;
  /** Request headers, lower-cased; Authorization and Cookie values redacted. */
  headers: Record<string, string>;
  /** The request body: parsed JSON, else text; null when empty. */
  body: unknown;
  bodyTruncated: boolean;
  /** The status sent, or null when no answer was sent (dropped, hung, or the client left). */
  status: number | null;
  responseBody: unknown;
  responseBodyTruncated: boolean;
  durationMs: number;
  operationId: string | null;
  /** What the spec found wrong with the request. */
  validationProblems: Problem[];
  /** The fault rule that applied, if any. */
  fault: { id: number; type: FaultEffect['type'] } | null;
}

export interface JournalPage {
  count: number;
  /** The ring's size (`--journal-size`). */
  capacity: number;
  /** Entries pushed out of the ring since the last clear: counts may miss that many requests. */
  evicted: number;
  results: JournalEntry[];
}

export interface RequestCount {
  count: number;
  evicted: number;
}

export type FaultEffect =
  /** Answer with this status, body (JSON, or text when a string) and headers instead of the real answer. */
  | { type: 'respond'; status: number; body?: unknown; headers?: Record<string, string> }
  /** Wait this long, then answer normally. */
  | { type: 'delay'; ms: number }
  /** Close the connection without an answer; with `afterHandling`, after the request took effect. */
  | { type: 'drop'; afterHandling?: boolean }
  /** The real answer, cut off half-way through its body (the connection then closes). */
  | { type: 'truncate' }
  /** The real status and headers with a body that is not valid JSON (the first half of the real one). */
  | { type: 'malformed' }
  /** Never answer: the request stays open until the client gives up or `ms` pass (default 30 s), then the connection closes. */
  | { type: 'hang'; ms?: number };

export interface FaultRuleInput {
  match?: RequestMatcher;
  /** How many requests the rule applies to; omitted or null: unlimited. */
  times?: number | null;
  effect: FaultEffect;
}

export interface FaultRule {
  id: number;
  match: RequestMatcher;
  times: number | null;
  /** How many more requests it applies to; null: unlimited. */
  remaining: number | null;
  /** How many requests it applied to. */
  hits: number;
  effect: FaultEffect;
  createdAt: string;
}

export interface FaultList {
  count: number;
  results: FaultRule[];
}

export interface CoverageCell {
  operationId: string;
  method: string;
  path: string;
  status: number;
  hits: number;
}

export interface Coverage {
  /** Documented responses (operation × status) of the pretix API. */
  documented: number;
  /** How many of them clients have received at least once. */
  exercised: number;
  /** exercised / documented × 100, one decimal. */
  percent: number;
  matrix: CoverageCell[];
  neverExercised: Array<Omit<CoverageCell, 'hits'>>;
  /** Answers whose status the spec does not document for the operation (a spec gap). */
  undocumented: CoverageCell[];
}

/** Filters of `GET /__admin/deliveries`; they combine. */
export interface DeliveryListFilter {
  sandbox?: string;
  webhook?: number;
  /** The concrete action type. */
  action?: string;
  /** Applies to the records, not to pending retries. */
  success?: boolean;
  notification_id?: number;
}

/** The answer of `GET /__admin/deliveries`. */
export interface DeliveryList {
  count: number;
  /** Newest first. */
  results: DeliveryRecord[];
  /** Earliest first. */
  pending: PendingRetry[];
  /** Webhooks notifications did not reach, and why; newest first. */
  skipped: DeliverySkip[];
  stats: { waiting: number; in_flight: number; pending_retries: number; dropped: number; log_records: number; log_evicted: number };
}

/** Which pending retries to expedite or drop; all of them when empty. */
export interface RetrySelection {
  sandbox?: string;
  webhook?: number;
}
