import type { Response } from 'express';

/**
 * Requests held back on purpose (latency, delay and hang faults). Each hold is a timer; closing
 * the server cancels them all and closes their connections, so no held request outlives it.
 */
export class Holds {
  readonly #pending = new Map<NodeJS.Timeout, { res: Response; then: () => void; sandbox?: string }>();

  /**
   * Calls `then` after `ms`. With `untilClientLeaves`, the hold also ends (without `then`) when
   * the client closes the connection first.
   */
  hold(res: Response, ms: number, then: () => void, options: { untilClientLeaves?: boolean; sandbox?: string } = {}): void {
    const timer = setTimeout(() => {
      this.#pending.delete(timer);
      then();
    }, ms);
    this.#pending.set(timer, { res, then, sandbox: options.sandbox });
    if (options.untilClientLeaves) {
      res.on('close', () => {
        clearTimeout(timer);
        this.#pending.delete(timer);
      });
    }
  }

  get size(): number {
    return this.#pending.size;
  }

  /**
   * Ends the holds (of one sandbox, given its id) now, as their timers would, and resolves once
   * their answers are done (at most `waitMs`), so that what follows (a reset) comes after them.
   */
  async release(sandbox?: string, waitMs = 2000): Promise<void> {
    const done: Array<Promise<unknown>> = [];
    for (const [timer, hold] of [...this.#pending]) {
      if (sandbox !== undefined && hold.sandbox !== sandbox) continue;
      clearTimeout(timer);
      this.#pending.delete(timer);
      if (!hold.res.writableFinished && !hold.res.destroyed) done.push(new Promise((resolve) => hold.res.once('close', resolve)));
      hold.then();
    }
    if (done.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(done), new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
  }

  /** Cancels every hold and closes its connection. */
  close(): void {
    for (const [timer, { res }] of this.#pending) {
      clearTimeout(timer);
      res.destroy();
    }
    this.#pending.clear();
  }
}
