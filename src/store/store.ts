import { randomInt } from 'node:crypto';
import { credentialClashes, credentialRecords, withFreshCredentials } from './credentials.js';
import { Dataset } from './dataset.js';
import { DurableFile } from './durable-file.js';
import { checkFixture } from './fixture.js';
import type { Fixture } from './fixture-types.js';
import { SHARED_SANDBOX_ID, Sandbox } from './sandbox.js';
import type { SchemaCheck, SchemaProblem } from '../spec/schema-check.js';

/** Bounds of the isolated sandboxes. */
export interface SandboxPolicy {
  /** How many sandboxes may exist besides the shared dataset. */
  maxSandboxes: number;
  /** A sandbox unused for this long is removed. */
  idleTtlMs: number;
}

export const DEFAULT_SANDBOX_POLICY: SandboxPolicy = { maxSandboxes: 50, idleTtlMs: 30 * 60 * 1000 };

export interface StoreOptions {
  /** The checked fixtures the shared dataset starts from (and resets to). */
  fixtures: Fixture;
  /** Keep the shared dataset in this lowdb JSON file instead of in memory. Sandboxes stay in memory. */
  dataFile?: string;
  /** The spec's `Fixture` schema, to check a `--data` file that already exists. */
  fixtureCheck: SchemaCheck;
  /** Bounds of the sandboxes. */
  sandboxes?: Partial<SandboxPolicy>;
}

/** What creating a sandbox gave: the sandbox and its credentials, or how long until one may expire. */
export type Created = { sandbox: Sandbox; tokens: Record<string, string> } | { full: true; retryAfterMs: number };

/** How many idle sandboxes one sweep removes at most, so that a sweep never stalls the server. */
const SWEEP_BATCH = 100;

const randomId = () => `sbx_${Array.from({ length: 16 }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[randomInt(36)]).join('')}`;

/**
 * All state of one server: the shared dataset (the fixtures' own credentials) and the isolated
 * sandboxes, each reached through its own credentials. The only module that knows how state is
 * kept; lowdb stays behind it. Sandboxes are kept in least-recently-used order, so finding the
 * idle ones costs only as much as there are to remove.
 */
export class Store {
  readonly #sandboxes = new Map<string, Sandbox>();
  /** Credential (token string) to the sandbox it belongs to, for every sandbox but the shared one. */
  readonly #owners = new Map<string, Sandbox>();
  readonly #removedListeners: Array<(id: string) => void> = [];
  readonly policy: SandboxPolicy;

  private constructor(
    readonly shared: Sandbox,
    policy: Partial<SandboxPolicy> = {},
  ) {
    this.policy = {
      maxSandboxes: policy.maxSandboxes ?? DEFAULT_SANDBOX_POLICY.maxSandboxes,
      idleTtlMs: policy.idleTtlMs ?? DEFAULT_SANDBOX_POLICY.idleTtlMs,
    };
    if (!Number.isInteger(this.policy.maxSandboxes) || this.policy.maxSandboxes < 1) throw new Error('Store: maxSandboxes must be a positive integer');
    if (!(this.policy.idleTtlMs > 0)) throw new Error('Store: idleTtlMs must be positive');
  }

  /** Opens the store; with `dataFile`, loads or creates the durable file first. */
  static async open(options: StoreOptions): Promise<Store> {
    if (!options.dataFile) return new Store(new Sandbox(SHARED_SANDBOX_ID, options.fixtures), options.sandboxes);
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
    return new Store(new Sandbox(SHARED_SANDBOX_ID, options.fixtures, doc, persistence), options.sandboxes);
  }

  /** Calls `listener` with the id of every sandbox that is deleted or expires. */
  onRemoved(listener: (id: string) => void): void {
    this.#removedListeners.push(listener);
  }

  /** The sandbox whose credentials include this token (marking it used); the shared one for any other token. */
  sandboxFor(token: string | undefined, now = Date.now()): Sandbox {
    const owner = token === undefined ? undefined : this.#owners.get(token);
    if (!owner) return this.shared;
    if (this.#expired(owner, now)) {
      this.#remove(owner);
      return this.shared;
    }
    this.touch(owner, now);
    return owner;
  }

  /** The sandbox with this id (`shared` for the shared dataset), or undefined. */
  sandbox(id: string, now = Date.now()): Sandbox | undefined {
    if (id === this.shared.id) return this.shared;
    const sandbox = this.#sandboxes.get(id);
    if (sandbox && this.#expired(sandbox, now)) {
      this.#remove(sandbox);
      return undefined;
    }
    return sandbox;
  }

  /** The isolated sandboxes, least recently used first (expired ones are removed first). */
  list(now = Date.now()): Sandbox[] {
    this.sweep(now);
    return [...this.#sandboxes.values()].filter((s) => !this.#expired(s, now));
  }

  /** Marks a sandbox as used now. */
  touch(sandbox: Sandbox, now = Date.now()): void {
    sandbox.lastUsedAt = now;
    if (sandbox === this.shared) return;
    this.#sandboxes.delete(sandbox.id);
    this.#sandboxes.set(sandbox.id, sandbox);
  }

  /** A new isolated sandbox: a copy of `fixtures` with fresh credentials, unless the cap is reached. */
  create(fixtures: Fixture, now = Date.now()): Created {
    if (this.#sandboxes.size >= this.policy.maxSandboxes) this.sweep(now);
    if (this.#sandboxes.size >= this.policy.maxSandboxes) {
      const oldest = this.#sandboxes.values().next().value!;
      return { full: true, retryAfterMs: Math.max(0, oldest.lastUsedAt + this.policy.idleTtlMs - now) };
    }
    const { doc, tokens } = withFreshCredentials(fixtures);
    let id = randomId();
    while (this.#sandboxes.has(id)) id = randomId();
    const sandbox = new Sandbox(id, doc, undefined, undefined, tokens);
    this.#sandboxes.set(id, sandbox);
    this.#index(sandbox);
    return { sandbox, tokens };
  }

  /** Removes an isolated sandbox. False if there is none with this id. */
  delete(id: string): boolean {
    const sandbox = this.#sandboxes.get(id);
    if (!sandbox) return false;
    this.#remove(sandbox);
    return true;
  }

  /** Removes up to 100 sandboxes that have been idle too long; returns their ids. */
  sweep(now = Date.now()): string[] {
    const removed: string[] = [];
    for (const sandbox of this.#sandboxes.values()) {
      if (removed.length >= SWEEP_BATCH || !this.#expired(sandbox, now)) break;
      this.#remove(sandbox);
      removed.push(sandbox.id);
    }
    return removed;
  }

  /** Credentials of `doc` that another dataset of this server already uses (the problems name their paths). */
  credentialClashes(doc: Fixture, sandbox: Sandbox): SchemaProblem[] {
    const sharedTokens = new Set(credentialRecords(this.shared.data.doc).map((c) => c.token));
    return credentialClashes(doc, (token) => {
      const owner = this.#owners.get(token);
      if (sandbox === this.shared) return owner !== undefined;
      return (owner !== undefined && owner !== sandbox) || sharedTokens.has(token);
    });
  }

  /** Replaces a sandbox's whole dataset (an import); durable for the shared one with `--data`. */
  async replace(sandbox: Sandbox, doc: Fixture, tokens?: Record<string, string>): Promise<void> {
    this.#unindex(sandbox);
    const done = sandbox.replace(doc, tokens);
    this.#index(sandbox);
    await done;
  }

  /** Returns a sandbox to the fixtures it started from. */
  reset(sandbox: Sandbox): Promise<void> {
    return this.replace(sandbox, structuredClone(sandbox.baseline), sandbox.baselineTokens);
  }

  /** Waits for pending writes and releases the data file. */
  async close(): Promise<void> {
    await Promise.all([this.shared, ...this.#sandboxes.values()].map((s) => s.persistence.close()));
  }

  #expired(sandbox: Sandbox, now: number): boolean {
    return now - sandbox.lastUsedAt > this.policy.idleTtlMs;
  }

  #index(sandbox: Sandbox): void {
    if (sandbox === this.shared) return;
    for (const c of credentialRecords(sandbox.data.doc)) this.#owners.set(c.token, sandbox);
  }

  #unindex(sandbox: Sandbox): void {
    for (const c of credentialRecords(sandbox.data.doc)) if (this.#owners.get(c.token) === sandbox) this.#owners.delete(c.token);
  }

  #remove(sandbox: Sandbox): void {
    this.#sandboxes.delete(sandbox.id);
    this.#unindex(sandbox);
    for (const listener of this.#removedListeners) listener(sandbox.id);
  }
}
