import { credentialClashes, credentialRecords } from './credentials.js';
import { Dataset } from './dataset.js';
import { DurableFile, type FsyncMode } from './durable-file.js';
import { checkFixture } from './fixture.js';
import type { Fixture } from './fixture-types.js';
import { SHARED_SANDBOX_ID, Sandbox } from './sandbox.js';
import { SandboxRegistry, type SandboxPolicy } from './sandbox-registry.js';
import type { SchemaCheck } from '../spec/schema-check.js';
import type { Problem } from '../spec/problem.js';
import type { Replication } from './replication.js';

export { DEFAULT_SANDBOX_POLICY, type SandboxPolicy } from './sandbox-registry.js';

export interface StoreOptions {
  /** The checked fixtures the shared dataset starts from (and resets to). */
  fixtures: Fixture;
  /** Keep the shared dataset in this lowdb JSON file instead of in memory. Sandboxes stay in memory. */
  dataFile?: string;
  /** When `dataFile` writes reach the disk (see {@link FsyncMode}). */
  fsync?: FsyncMode;
  /** The spec's `Fixture` schema, to check a `--data` file that already exists. */
  fixtureCheck: SchemaCheck;
  /** Bounds of the sandboxes. */
  sandboxes?: Partial<SandboxPolicy>;
}

/**
 * All state of one server: the shared dataset (the fixtures' own credentials, durable with
 * `--data`) and the isolated sandboxes, each reached through its own credentials. The only module
 * that knows how state is kept; lowdb stays behind it.
 */
export class Store {
  readonly sandboxes: SandboxRegistry;
  /** With `--redis`: the shared world this store is a replica of (see store/redis/). */
  replication: Replication | undefined;

  private constructor(
    readonly shared: Sandbox,
    policy: Partial<SandboxPolicy> = {},
  ) {
    this.sandboxes = new SandboxRegistry(policy);
  }

  /** Opens the store; with `dataFile`, loads or creates the durable file first. */
  static async open(options: StoreOptions): Promise<Store> {
    if (!options.dataFile) return new Store(new Sandbox(SHARED_SANDBOX_ID, options.fixtures), options.sandboxes);
    const file = options.dataFile;
    const { persistence, doc } = await DurableFile.open(file, {
      fsync: options.fsync,
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
    return new Store(new Sandbox(SHARED_SANDBOX_ID, options.fixtures, doc, persistence), options.sandboxes);
  }

  /** The sandbox whose credentials include this token (marking it used); the shared one for any other token. */
  sandboxFor(token: string | undefined, now = Date.now()): Sandbox {
    return (token !== undefined && this.sandboxes.owner(token, now)) || this.shared;
  }

  /** The dataset with this id (`shared` for the shared one), or undefined. */
  sandbox(id: string, now = Date.now()): Sandbox | undefined {
    return id === this.shared.id ? this.shared : this.sandboxes.get(id, now);
  }

  /** Credentials of `doc` that another dataset of this server already uses (the problems name their paths). */
  credentialClashes(doc: Fixture, sandbox: Sandbox): Problem[] {
    if (sandbox === this.shared) return credentialClashes(doc, (token) => this.sandboxes.holds(token));
    const sharedTokens = new Set(credentialRecords(this.shared.data.doc).map((c) => c.token));
    return credentialClashes(doc, (token) => this.sandboxes.holds(token, sandbox) || sharedTokens.has(token));
  }

  /** Replaces a dataset (an import); durable for the shared one with `--data` once it resolves. */
  async replace(sandbox: Sandbox, doc: Fixture, tokens?: Record<string, string>): Promise<void> {
    if (sandbox.writer) return sandbox.replace(doc, tokens); // re-indexed when the log entry is applied
    const isolated = sandbox !== this.shared;
    if (isolated) this.sandboxes.unindex(sandbox);
    const done = sandbox.replace(doc, tokens);
    if (isolated) this.sandboxes.index(sandbox);
    await done;
  }

  /** Returns a dataset to the fixtures it started from. */
  reset(sandbox: Sandbox): Promise<void> {
    return this.replace(sandbox, structuredClone(sandbox.baseline), sandbox.baselineTokens);
  }

  /** Waits for pending writes and releases the data file (sandboxes have none). */
  async close(): Promise<void> {
    await this.shared.persistence.close();
  }
}
