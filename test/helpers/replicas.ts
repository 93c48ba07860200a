import { randomInt } from 'node:crypto';
import { cliUrl, exitOf, spawnCli, type CliRun } from './cli.js';
import { startRedis, type RedisRun, type RedisStartOptions } from './redis-server.js';

/** One replica: a pretix-mock CLI process on the shared Redis. */
export interface Replica {
  run: CliRun;
  url: string;
}

/**
 * N pretix-mock processes (the CLI from source) on one fresh redis-server, all on loopback ports
 * they picked themselves. `random()` is what a load balancer without stickiness does.
 */
export class Replicas {
  readonly replicas: Replica[] = [];

  private constructor(
    /** The Redis they share (a test that restarts it puts the new one here). */
    public redis: RedisRun,
    private readonly args: string[],
  ) {}

  static async start(n: number, args: string[] = [], redisOptions: RedisStartOptions = {}): Promise<Replicas> {
    const redis = await startRedis(10_000, redisOptions);
    const set = new Replicas(redis, args);
    try {
      await Promise.all(Array.from({ length: n }, () => set.add()));
    } catch (err) {
      await set.stop();
      throw err;
    }
    return set;
  }

  /** Starts one more replica on the same Redis (it replays the shared log first). */
  async add(): Promise<Replica> {
    const run = spawnCli(['--port', '0', '--redis', this.redis.url, '--log-level', 'warn', ...this.args]);
    const replica = { run, url: await cliUrl(run, 30_000) };
    this.replicas.push(replica);
    return replica;
  }

  /** The live replicas. */
  get live(): Replica[] {
    return this.replicas.filter((r) => r.run.child.exitCode === null && r.run.child.signalCode === null);
  }

  /** A live replica chosen at random, optionally other than `not`. */
  random(not?: Replica): Replica {
    const choices = this.live.filter((r) => r !== not);
    return choices[randomInt(choices.length)]!;
  }

  async kill(replica: Replica): Promise<void> {
    replica.run.child.kill('SIGKILL');
    await exitOf(replica.run, 5000);
  }

  async stop(): Promise<void> {
    for (const r of this.live) r.run.child.kill('SIGTERM');
    await Promise.all(this.replicas.map((r) => exitOf(r.run, 10_000)));
    await this.redis.stop();
  }
}
