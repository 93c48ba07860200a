const noop = () => {};

/**
 * Rounds of one async job (reading a shared log) that concurrent callers share: a call while no
 * round runs starts one; a call while one runs waits for the next round, since the running one may
 * have read before the call was made. At most one round runs and one waits.
 */
export class SharedRounds {
  #round: Promise<void> | undefined;
  #queued: Promise<void> | undefined;

  constructor(private readonly runRound: () => Promise<void>) {}

  /** Resolves once a round that started after this call has finished. */
  run(): Promise<void> {
    if (!this.#round) {
      this.#round = this.runRound().finally(() => (this.#round = undefined));
      return this.#round;
    }
    this.#queued ??= this.#round.then(noop, noop).then(() => {
      this.#queued = undefined;
      return this.run();
    });
    return this.#queued;
  }

  /** Waits for the round running now, if any, ignoring its outcome. */
  async settled(): Promise<void> {
    await this.#round?.catch(noop);
  }
}
