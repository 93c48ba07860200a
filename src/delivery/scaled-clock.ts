/**
 * pretix's time, compressed: `--retry-time-scale 0.001` turns each second of pretix's retry
 * schedule into a millisecond. Timestamps stay real wall-clock time; only waits are scaled.
 */
export class ScaledClock {
  constructor(readonly scale: number = 1) {
    if (!Number.isFinite(scale) || scale < 0) throw new Error(`ScaledClock: scale must be a number >= 0, got ${scale}`);
  }

  /** Real milliseconds since the epoch. */
  now(): number {
    return Date.now();
  }

  /** How many real milliseconds `seconds` of pretix's schedule last. */
  delayMs(seconds: number): number {
    return seconds * 1000 * this.scale;
  }
}
