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
  /** Milliseconds since the epoch of the last request that used this sandbox. */
  lastUsedAt = Date.now();

  constructor(
    readonly id: string,
    /** What `reset()` returns to: the fixtures this sandbox started from. */
    readonly baseline: Fixture,
    current: Fixture = structuredClone(baseline),
    readonly persistence: Persistence = NO_PERSISTENCE,
  ) {
    this.#data = new Dataset(current);
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

  /** Replaces the whole dataset (an import, or a reset to the baseline). */
  async replace(doc: Fixture): Promise<void> {
    this.#data = new Dataset(doc);
    await this.persistence.saveAll(doc);
  }

  reset(): Promise<void> {
    return this.replace(structuredClone(this.baseline));
  }

  /** The current state in the fixture format, detached from the live objects. */
  export(): Fixture {
    return structuredClone(this.#data.doc);
  }
}
