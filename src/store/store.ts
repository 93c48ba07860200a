import { Dataset } from './dataset.js';
import { DurableFile } from './durable-file.js';
import { checkFixture } from './fixture.js';
import type { Fixture } from './fixture-types.js';
import { SHARED_SANDBOX_ID, Sandbox } from './sandbox.js';
import type { SchemaCheck } from '../spec/schema-check.js';

export interface StoreOptions {
  /** The checked fixtures the shared dataset starts from (and resets to). */
  fixtures: Fixture;
  /** Keep the shared dataset in this lowdb JSON file instead of in memory. */
  dataFile?: string;
  /** The spec's `Fixture` schema, to check a `--data` file that already exists. */
  fixtureCheck: SchemaCheck;
}

/**
 * All state of one server: the shared dataset (the fixtures' own credentials) and, later, the
 * isolated sandboxes. The only module that knows how state is kept; lowdb stays behind it.
 */
export class Store {
  readonly #sandboxes = new Map<string, Sandbox>();
  /** Credential (token string) to the sandbox it belongs to, for every sandbox but the shared one. */
  readonly #owners = new Map<string, Sandbox>();

  private constructor(readonly shared: Sandbox) {
    this.#sandboxes.set(shared.id, shared);
  }

  /** Opens the store; with `dataFile`, loads or creates the durable file first. */
  static async open(options: StoreOptions): Promise<Store> {
    if (!options.dataFile) return new Store(new Sandbox(SHARED_SANDBOX_ID, options.fixtures));
    const file = options.dataFile;
    const { persistence, doc } = await DurableFile.open(file, {
      initial: () => structuredClone(options.fixtures),
      load: (stored) => checkFixture(stored, file, options.fixtureCheck),
      replay: (current, log) => {
        const data = new Dataset(current);
        for (const line of log) {
          data.restoreWebhook(line.webhook);
          current.webhook_next_id = Math.max(current.webhook_next_id, line.next_id);
        }
      },
    });
    return new Store(new Sandbox(SHARED_SANDBOX_ID, options.fixtures, doc, persistence));
  }

  /** The sandbox whose credentials include this token; the shared one for any other token. */
  sandboxFor(token: string | undefined): Sandbox {
    return (token !== undefined && this.#owners.get(token)) || this.shared;
  }

  sandbox(id: string): Sandbox | undefined {
    return this.#sandboxes.get(id);
  }

  /** Waits for pending writes and releases the data file. */
  async close(): Promise<void> {
    await Promise.all([...this.#sandboxes.values()].map((s) => s.persistence.close()));
  }
}
