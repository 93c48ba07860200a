import type { Response } from 'express';

/**
 * Requests held back on purpose (latency, delay and hang faults). Each hold is a timer; closing
 * the server cancels them all and closes their connections, so no held request outlives it.
 */
export class Holds {
  readonly #pending = new Map<NodeJS.Timeout, Response>();

  /**
   * Calls `then` after `ms`. With `untilClientLeaves`, the hold also ends (without `then`) when
   * the client closes the connection first.
   */
  hold(res: Response, ms: number, then: () => void, options: { untilClientLeaves?: boolean } = {}): void {
    const timer = setTimeout(() => {
      this.#pending.delete(timer);
      then();
    }, ms);
    this.#pending.set(timer, res);
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

  /** Cancels every hold and closes its connection. */
  close(): void {
    for (const [timer, res] of this.#pending) {
      clearTimeout(timer);
      res.destroy();
    }
    this.#pending.clear();
  }
}
