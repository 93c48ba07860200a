import { AdminErrors } from './admin-errors.js';
import { unreachableMatch } from './fault-reach.js';
import { notifyBatch } from './notify-batch.js';
import { resetParts, type ResetPart } from './reset-parts.js';
import type {
  Coverage, DeliveryList, RetrySelection, DatasetCredentials, FaultEffect, FaultList, FaultRule, FaultRuleInput, JournalMatcher, JournalPage, Problem, RequestCount, SandboxList,
} from './types.js';
import type { DeliveryHub } from '../delivery/delivery-hub.js';
import type { DeliveryFilter } from '../delivery/delivery-log.js';
import type { NotifyResult } from '../delivery/jobs.js';
import type { NotifyRequest } from '../delivery/notification.js';
import type { CoverageCounter } from '../runtime/coverage.js';
import { checkFaultEffect, effectFieldsOf, MAX_FAULT_RULES, type EffectFields, type FaultRules } from '../runtime/fault-rules.js';
import type { Holds } from '../runtime/holds.js';
import type { IdempotencyStore } from '../runtime/idempotency-keys.js';
import type { Journal } from '../runtime/journal.js';
import { MockRuntime, type MockRuntimeOptions } from '../runtime/mock-runtime.js';
import type { LoadedSpec } from '../spec/load-spec.js';
import type { OperationIndex } from '../spec/operation-index.js';
import { compileSchemaCheck, type SchemaCheck } from '../spec/schema-check.js';
import { checkFixture, FixtureError } from '../store/fixture.js';
import type { Fixture } from '../store/fixture-types.js';
import type { Sandbox } from '../store/sandbox.js';
import type { Store } from '../store/store.js';
import type { ActionTypeList } from '../store/action-types.js';

/** A runtime to serve, or what to make one of. */
export type ControlPlaneOptions = MockRuntimeOptions | { runtime: MockRuntime; spec: LoadedSpec };

export { DEFAULT_JOURNAL_SIZE } from '../runtime/mock-runtime.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** A fixture document's problems, with paths made relative to the request body. */
function fixtureProblems(err: unknown, prefix: string): Problem[] {
  if (!(err instanceof FixtureError)) throw err;
  return err.problems.map((p) => ({ path: `${prefix}${p.path === '/' ? '' : p.path}`, message: p.message }));
}

/**
 * Every verb of the control plane, in one place, over a MockRuntime (runtime/mock-runtime.ts).
 * The `/__admin/` routes are thin wrappers over it, and the client library calls those routes,
 * so HTTP and library cannot drift apart.
 * @example
 * // For people who serve createApp themselves and want the control plane at hand:
 * const plane = new ControlPlane({ store, spec, journalSize: 100 });
 * const app = createApp(store, spec, { controlPlane: plane });
 */
export class ControlPlane {
  /** What the verbs act on; the request pipeline serves it. */
  readonly runtime: MockRuntime;
  #fixtureCheck: SchemaCheck;
  #effectFields: EffectFields;
  #spec: LoadedSpec;

  constructor(options: ControlPlaneOptions) {
    this.runtime = 'runtime' in options ? options.runtime : new MockRuntime(options);
    this.#fixtureCheck = compileSchemaCheck(options.spec.dereferenced, 'Fixture');
    this.#effectFields = effectFieldsOf(options.spec.dereferenced);
    this.#spec = options.spec;
  }

  get store(): Store {
    return this.runtime.store;
  }

  get keys(): IdempotencyStore {
    return this.runtime.keys;
  }

  get journal(): Journal {
    return this.runtime.journal;
  }

  get faults(): FaultRules {
    return this.runtime.faults;
  }

  get holds(): Holds {
    return this.runtime.holds;
  }

  /** The spec's operations; replaced by `useSpec` (`--watch`). */
  get operations(): OperationIndex {
    return this.runtime.operations;
  }

  get coverageCounter(): CoverageCounter {
    return this.runtime.coverageCounter;
  }

  /** Webhook delivery, one service per sandbox; its verbs are served by routes/delivery-routes.ts. */
  get delivery(): DeliveryHub {
    return this.runtime.delivery;
  }

  /**
   * Returns a dataset (default: the shared one) to its fixtures and forgets what happened: its
   * idempotency keys, journal, fault rules, held requests, delivery log and pending retries. For the
   * shared dataset those are server-wide (as the server object's verbs are), for a sandbox its own.
   * `only` narrows it to some parts; coverage is never reset.
   */
  async reset(id = 'shared', only?: readonly ResetPart[]): Promise<DatasetCredentials> {
    const sandbox = this.#sandbox(id);
    const parts = resetParts(only);
    const scope = sandbox === this.store.shared ? undefined : sandbox.id;
    // First: held requests end (and are recorded) before the journal and dataset are reset.
    if (parts.has('holds')) await this.holds.release(scope);
    if (parts.has('faults')) this.faults.clear(scope);
    if (parts.has('journal')) this.journal.clear(scope);
    if (parts.has('deliveries')) await this.delivery.clear(scope);
    if (parts.has('dataset')) {
      await this.store.reset(sandbox);
      this.#forgetActivity(sandbox);
    }
    return { id: sandbox.id, tokens: sandbox.tokens };
  }

  /** The spec in use. */
  get spec(): LoadedSpec {
    return this.#spec;
  }

  /** The spec's `Fixture` schema, compiled (fixture files and imports are checked with it). */
  get fixtureCheck(): SchemaCheck {
    return this.#fixtureCheck;
  }

  /**
   * Uses a new spec (`--watch`): its operations, a coverage matrix counted afresh, its fixture
   * rules. The app that validates against it is built by the caller (startMockServer).
   */
  useSpec(spec: LoadedSpec): void {
    this.runtime.useSpec(spec);
    this.#fixtureCheck = compileSchemaCheck(spec.dereferenced, 'Fixture');
    this.#effectFields = effectFieldsOf(spec.dereferenced);
    this.#spec = spec;
  }

  /**
   * Makes checked fixtures the shared dataset's new baseline and state (`--watch`), as a reset
   * to them; sandboxes keep theirs. Throws FixtureError if they reuse a sandbox's credentials.
   */
  async reloadFixtures(fixture: Fixture, source: string): Promise<void> {
    const shared = this.store.shared;
    const clashes = this.store.credentialClashes(fixture, shared);
    if (clashes.length > 0) throw new FixtureError(source, clashes);
    shared.rebase(fixture);
    await this.store.reset(shared);
    this.#forgetActivity(shared);
  }

  /** A dataset's current state in the fixture format. */
  state(id = 'shared'): Fixture {
    return this.#sandbox(id).export();
  }

  /** Replaces a dataset's state with a fixture document (checked like a fixture file). */
  async setState(doc: unknown, id = 'shared'): Promise<DatasetCredentials> {
    const sandbox = this.#sandbox(id);
    let fixture: Fixture;
    try {
      fixture = checkFixture(doc, 'document', this.#fixtureCheck);
    } catch (err) {
      throw AdminErrors.invalid('The state is not a valid fixture document.', fixtureProblems(err, '/body'));
    }
    const clashes = this.store.credentialClashes(fixture, sandbox);
    if (clashes.length > 0) {
      throw AdminErrors.invalid('The state reuses credentials of another dataset.', clashes.map((c) => ({ ...c, path: `/body${c.path}` })));
    }
    await this.store.replace(sandbox, fixture);
    this.#forgetActivity(sandbox);
    return { id: sandbox.id, tokens: sandbox.tokens };
  }

  /** A new isolated sandbox from `fixtures` (default: the server's fixtures) with fresh credentials. */
  createSandbox(fixtures?: unknown): DatasetCredentials | Promise<DatasetCredentials> {
    let doc = this.store.shared.baseline;
    if (fixtures !== undefined) {
      try {
        doc = checkFixture(fixtures, 'fixtures', this.#fixtureCheck);
      } catch (err) {
        throw AdminErrors.invalid('The sandbox fixtures are not a valid fixture document.', fixtureProblems(err, '/body/fixtures'));
      }
    }
    if (this.store.replication) return this.#createShared(doc);
    const created = this.store.sandboxes.create(doc);
    if ('full' in created) {
      throw AdminErrors.tooManySandboxes(this.store.sandboxes.policy.maxSandboxes, Math.max(1, Math.ceil(created.retryAfterMs / 1000)));
    }
    return { id: created.sandbox.id, tokens: created.sandbox.tokens };
  }

  async #createShared(doc: Fixture): Promise<DatasetCredentials> {
    const created = await this.store.replication!.createSandbox(doc);
    if ('full' in created) {
      throw AdminErrors.tooManySandboxes(this.store.sandboxes.policy.maxSandboxes, Math.max(1, Math.ceil(created.retryAfterMs / 1000)));
    }
    return created;
  }

  sandboxes(): SandboxList {
    const { idleTtlMs: ttl, maxSandboxes: max } = this.store.sandboxes.policy;
    const results = this.store.sandboxes.list().map((s) => ({
      id: s.id, tokens: s.tokens, createdAt: iso(s.createdAt), lastUsedAt: iso(s.lastUsedAt), expiresAt: iso(s.lastUsedAt + ttl),
    }));
    return { count: results.length, max, results };
  }

  deleteSandbox(id: string): void | Promise<void> {
    const sandbox = this.#sandbox(id);
    if (sandbox === this.store.shared) throw AdminErrors.sharedNotDeletable();
    if (this.store.replication) return this.store.replication.deleteSandbox(sandbox.id).then(() => {});
    this.store.sandboxes.delete(sandbox.id);
  }

  requests(matcher: JournalMatcher = {}): JournalPage {
    if (!this.journal.enabled) throw AdminErrors.journalOff();
    const results = this.journal.select(matcher);
    return { count: results.length, capacity: this.journal.capacity, evicted: this.journal.evicted, results };
  }

  countRequests(matcher: JournalMatcher = {}): RequestCount {
    if (!this.journal.enabled) throw AdminErrors.journalOff();
    return { count: this.journal.count(matcher), evicted: this.journal.evicted };
  }

  /** Forgets the journal, or only one sandbox's entries. */
  clearRequests(sandbox?: string): void {
    this.journal.clear(sandbox);
  }

  addFault(input: FaultRuleInput): FaultRule {
    const problems = checkFaultEffect(input.effect, this.#effectFields);
    if (problems.length > 0) throw AdminErrors.invalid('The fault rule is not valid.', problems);
    const effect = input.effect as FaultEffect; // its fields are those of its type (checked above)
    const unreachable = unreachableMatch(input.match, this.operations.operations);
    if (unreachable.length > 0) throw AdminErrors.invalid('The fault rule can never match a request.', unreachable);
    const rule = this.faults.add({ ...input, effect });
    if (!rule) throw AdminErrors.tooManyFaults(MAX_FAULT_RULES);
    return rule;
  }

  listFaults(sandbox?: string): FaultList {
    const results = this.faults.list(sandbox);
    return { count: results.length, results };
  }

  removeFault(id: number): void {
    if (!this.faults.remove(id)) throw AdminErrors.noSuchFault(id);
  }

  /** The registered webhook action types of a dataset (pretix core's, then its plugin types). */
  actionTypes(id = 'shared'): ActionTypeList {
    const results = this.#sandbox(id).data.registry.entries();
    return { count: results.length, results };
  }

  clearFaults(sandbox?: string): void {
    this.faults.clear(sandbox);
  }

  coverage(): Coverage {
    return this.coverageCounter.report();
  }

  /** Emits a pretix log entry in a dataset; its matching webhooks get it in the background. */
  notify(request: NotifyRequest, id = 'shared'): NotifyResult {
    return this.delivery.for(this.#sandbox(id)).notify(request);
  }

  /** Emits several log entries in order, each in its dataset (`sandbox`, default shared), after checking them all. */
  notifyBatch(requests: Array<NotifyRequest & { sandbox?: string }>): NotifyResult[] {
    return notifyBatch(requests, (id) => this.delivery.for(this.#sandbox(id)));
  }

  /** The delivery log (newest first), pending retries (earliest first) and queue counters. */
  deliveries(filter: DeliveryFilter = {}): DeliveryList {
    const results = this.delivery.list(filter);
    return {
      count: results.length, results, pending: this.delivery.pending(filter), skipped: this.delivery.skipped(filter), stats: this.delivery.stats(filter),
    };
  }

  /** Runs the selected pending retries now (pretix's "expedite"); returns how many. */
  expediteRetries(selection: RetrySelection = {}): number {
    if (selection.sandbox !== undefined) this.#sandbox(selection.sandbox);
    return this.delivery.expedite(selection);
  }

  /** Drops the selected pending retries; returns how many. */
  dropRetries(selection: RetrySelection = {}): number {
    if (selection.sandbox !== undefined) this.#sandbox(selection.sandbox);
    return this.delivery.drop(selection);
  }

  /** Stops the idle-sandbox sweep and ends every held request. */
  close(): void {
    this.runtime.close();
  }

  /** After a reset or an import: old idempotency keys and queued deliveries would meet the new dataset. */
  #forgetActivity(sandbox: Sandbox): void {
    this.keys.forgetSandbox(sandbox.id);
    this.delivery.for(sandbox).clear();
  }

  /** The one place an unknown sandbox id becomes a 404. Marks the sandbox as used. */
  #sandbox(id: string): Sandbox {
    const sandbox = this.store.sandbox(id);
    if (!sandbox) throw AdminErrors.noSuchSandbox(id);
    if (sandbox !== this.store.shared) this.store.sandboxes.touch(sandbox);
    return sandbox;
  }
}
