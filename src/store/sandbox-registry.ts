import { randomInt } from 'node:crypto';
import { credentialRecords, withFreshCredentials } from './credentials.js';
import type { Fixture } from './fixture-types.js';
import { Sandbox } from './sandbox.js';

/** Bounds of the isolated sandboxes. */
export interface SandboxPolicy {
  /** How many sandboxes may exist besides the shared dataset. */
  maxSandboxes: number;
  /** A sandbox unused for this long is removed. */
  idleTtlMs: number;
}

export const DEFAULT_SANDBOX_POLICY: SandboxPolicy = { maxSandboxes: 50, idleTtlMs: 30 * 60 * 1000 };

/** What creating a sandbox gave: the sandbox, or how long until the least recently used one may expire. */
export type Created = { sandbox: Sandbox } | { full: true; retryAfterMs: number };

/** How many idle sandboxes one sweep removes at most, so that a sweep never stalls the server. */
const SWEEP_BATCH = 100;

const randomId = () => `sbx_${Array.from({ length: 16 }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[randomInt(36)]).join('')}`;

/**
 * The isolated sandboxes (in memory only) and the index from each credential to its sandbox.
 * Sandboxes are kept in least-recently-used order, so finding the idle ones costs only as much
 * as there are to remove, and the cap never lets them grow without bound.
 */
export class SandboxRegistry {
  readonly policy: SandboxPolicy;
  readonly #sandboxes = new Map<string, Sandbox>();
  readonly #owners = new Map<string, Sandbox>();
  readonly #removedListeners: Array<(id: string) => void> = [];
  /** True when the shared world (`--redis`) expires sandboxes: then none expires on sight here. */
  expiredElsewhere = false;

  constructor(policy: Partial<SandboxPolicy> = {}) {
    this.policy = {
      maxSandboxes: policy.maxSandboxes ?? DEFAULT_SANDBOX_POLICY.maxSandboxes,
      idleTtlMs: policy.idleTtlMs ?? DEFAULT_SANDBOX_POLICY.idleTtlMs,
    };
    if (!Number.isInteger(this.policy.maxSandboxes) || this.policy.maxSandboxes < 1) throw new Error('sandboxes: maxSandboxes must be a positive integer');
    if (!(this.policy.idleTtlMs > 0)) throw new Error('sandboxes: idleTtlMs must be positive');
  }

  /** Calls `listener` with the id of every sandbox that is deleted or expires. */
  onRemoved(listener: (id: string) => void): void {
    this.#removedListeners.push(listener);
  }

  /** The live sandbox a credential belongs to, marked as used; undefined if none. */
  owner(token: string, now = Date.now()): Sandbox | undefined {
    const sandbox = this.#owners.get(token);
    if (!sandbox || !this.#live(sandbox, now)) return undefined;
    this.touch(sandbox, now);
    return sandbox;
  }

  /** Whether any sandbox other than `except` holds this credential. */
  holds(token: string, except?: Sandbox): boolean {
    const owner = this.#owners.get(token);
    return owner !== undefined && owner !== except;
  }

  get(id: string, now = Date.now()): Sandbox | undefined {
    const sandbox = this.#sandboxes.get(id);
    return sandbox && this.#live(sandbox, now) ? sandbox : undefined;
  }

  /** The sandboxes, least recently used first (expired ones are removed first). */
  list(now = Date.now()): Sandbox[] {
    this.sweep(now);
    return [...this.#sandboxes.values()].filter((s) => this.#live(s, now));
  }

  touch(sandbox: Sandbox, now = Date.now()): void {
    sandbox.lastUsedAt = now;
    this.#sandboxes.delete(sandbox.id);
    this.#sandboxes.set(sandbox.id, sandbox);
  }

  /** A new sandbox: a copy of `fixtures` with fresh credentials, unless the cap is reached. */
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
    this.index(sandbox);
    return { sandbox };
  }

  /** Adds a sandbox made elsewhere (a replica applying the shared log). */
  add(sandbox: Sandbox): void {
    this.#sandboxes.set(sandbox.id, sandbox);
    this.index(sandbox);
  }

  /** Removes a sandbox. False if there is none with this id. */
  delete(id: string): boolean {
    const sandbox = this.#sandboxes.get(id);
    if (!sandbox) return false;
    this.#remove(sandbox);
    return true;
  }

  /** Removes up to 100 sandboxes that have been idle too long; returns their ids. */
  sweep(now = Date.now()): string[] {
    const removed: string[] = [];
    if (this.expiredElsewhere) return removed;
    for (const sandbox of this.#sandboxes.values()) {
      if (removed.length >= SWEEP_BATCH || now - sandbox.lastUsedAt <= this.policy.idleTtlMs) break;
      this.#remove(sandbox);
      removed.push(sandbox.id);
    }
    return removed;
  }

  /** Indexes the sandbox's current credentials (after creating or replacing its dataset). */
  index(sandbox: Sandbox): void {
    for (const c of credentialRecords(sandbox.data.doc)) this.#owners.set(c.token, sandbox);
  }

  /** Forgets the sandbox's current credentials (before replacing its dataset). */
  unindex(sandbox: Sandbox): void {
    for (const c of credentialRecords(sandbox.data.doc)) if (this.#owners.get(c.token) === sandbox) this.#owners.delete(c.token);
  }

  /** A sandbox idle for too long is removed on sight. */
  #live(sandbox: Sandbox, now: number): boolean {
    if (this.expiredElsewhere || now - sandbox.lastUsedAt <= this.policy.idleTtlMs) return true;
    this.#remove(sandbox);
    return false;
  }

  #remove(sandbox: Sandbox): void {
    this.#sandboxes.delete(sandbox.id);
    this.unindex(sandbox);
    for (const listener of this.#removedListeners) listener(sandbox.id);
  }
}
