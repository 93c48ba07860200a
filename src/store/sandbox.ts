import { credentialsOf } from './credentials.js';
import { Dataset, type WebhookFields } from './dataset.js';
import { NO_PERSISTENCE, type Persistence } from './durable-file.js';
import type { Fixture, WebhookRecord } from './fixture-types.js';

/** The id of the dataset that requests with the fixtures' own credentials use. */
export const SHARED_SANDBOX_ID = 'shared';

/**
 * Where a replicated dataset's writes go instead (`--redis`): each resolves once the shared log
 * has the write and this replica has applied it (the returned record is as the write left it).
 */
export interface SandboxWriter {
  createWebhook(sandbox: Sandbox, organizer: string, fields: WebhookFields): Promise<WebhookRecord>;
  updateWebhook(sandbox: Sandbox, record: WebhookRecord, changes: Partial<WebhookFields>): Promise<WebhookRecord>;
  replace(sandbox: Sandbox, doc: Fixture, tokens: Record<string, string>): Promise<void>;
}

/**
 * One isolated dataset with its own credentials, webhooks and id sequence. Reads go straight to
 * the in-memory Dataset; writes change it at once and resolve when they are durable.
 */
export class Sandbox {
  #data: Dataset;
  #tokens: Record<string, string>;
  /** Milliseconds since the epoch when the sandbox was created. */
  readonly createdAt = Date.now();
  /** Milliseconds since the epoch of the last request (or control-plane call) that used this sandbox. */
  lastUsedAt = this.createdAt;
  /** Set for a dataset shared by replicas through Redis: its writes go through the shared log. */
  writer: SandboxWriter | undefined;

  constructor(
    readonly id: string,
    /** What `reset()` returns to: the fixtures this sandbox started from (see `rebase`). */
    public baseline: Fixture,
    /** The state to serve, when it is not the baseline (a `--data` file). */
    current?: Fixture,
    readonly persistence: Persistence = NO_PERSISTENCE,
    /** The baseline's Authorization values, keyed by the token strings its creator knows them by. */
    public baselineTokens: Record<string, string> = credentialsOf(baseline),
  ) {
    this.#data = new Dataset(current ?? structuredClone(baseline));
    this.#tokens = current ? credentialsOf(current) : baselineTokens;
  }

  /** The current credentials as Authorization values, keyed by the token strings the caller knows. */
  get tokens(): Record<string, string> {
    return { ...this.#tokens };
  }

  get data(): Dataset {
    return this.#data;
  }

  async createWebhook(organizer: string, fields: WebhookFields): Promise<WebhookRecord> {
    if (this.writer) return this.writer.createWebhook(this, organizer, fields);
    const record = this.#data.createWebhook(organizer, fields);
    await this.persistence.saveWebhook(record, this.#data.doc.webhook_next_id);
    return record;
  }

  async updateWebhook(record: WebhookRecord, changes: Partial<WebhookFields>): Promise<WebhookRecord> {
    if (this.writer) return this.writer.updateWebhook(this, record, changes);
    this.#data.updateWebhook(record, changes);
    await this.persistence.saveWebhook(record, this.#data.doc.webhook_next_id);
    return record;
  }

  /** Replaces the whole dataset (an import, or a reset to the baseline); durable before it resolves. */
  async replace(doc: Fixture, tokens: Record<string, string> = credentialsOf(doc)): Promise<void> {
    if (this.writer) return this.writer.replace(this, doc, tokens);
    this.adopt(doc, tokens);
    await this.persistence.saveAll(doc);
  }

  /** Serves this document from now on, without persisting it (applying a replicated replace). */
  adopt(doc: Fixture, tokens: Record<string, string>): void {
    this.#data = new Dataset(doc);
    this.#tokens = tokens;
  }

  /** Makes `doc` what a reset returns to (fixtures reloaded by `--watch`); the state is not changed here. */
  rebase(doc: Fixture): void {
    this.baseline = structuredClone(doc);
    this.baselineTokens = credentialsOf(doc);
  }

  /** The current state in the fixture format, detached from the live objects. */
  export(): Fixture {
    return structuredClone(this.#data.doc);
  }
}
