import { credentialsOf } from './credentials.js';
import { Dataset, type WebhookFields } from './dataset.js';
import { NO_PERSISTENCE, type Persistence } from './durable-file.js';
import type { Fixture, WebhookRecord } from './fixture-types.js';

/** The id of the dataset that requests with the fixtures' own credentials use. */
export const SHARED_SANDBOX_ID = 'shared';

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
    const record = this.#data.createWebhook(organizer, fields);
    await this.persistence.saveWebhook(record, this.#data.doc.webhook_next_id);
    return record;
  }

  async updateWebhook(record: WebhookRecord, changes: Partial<WebhookFields>): Promise<WebhookRecord> {
    this.#data.updateWebhook(record, changes);
    await this.persistence.saveWebhook(record, this.#data.doc.webhook_next_id);
    return record;
  }

  /** Replaces the whole dataset (an import, or a reset to the baseline); durable before it resolves. */
  async replace(doc: Fixture, tokens: Record<string, string> = credentialsOf(doc)): Promise<void> {
    this.#data = new Dataset(doc);
    this.#tokens = tokens;
    await this.persistence.saveAll(doc);
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
