import { shareDeliveries } from './shared-deliveries.js';
import type { MockServerOptions } from './options.js';
import { DeliveryHub } from '../delivery/delivery-hub.js';
import type { Logger } from '../logging/logger.js';
import type { LoadedSpec } from '../spec/load-spec.js';
import { compileSchemaCheck } from '../spec/schema-check.js';
import type { Fixture } from '../store/fixture-types.js';
import { Store } from '../store/store.js';

/** The state a server serves: the store (on Redis with `redis`), and webhook delivery. */
export interface World {
  store: Store;
  delivery: DeliveryHub;
  /** Stops webhook delivery (and, with Redis, taking over other replicas' calls). */
  stopDelivery(): Promise<void>;
  /** Closes Redis and flushes the store. */
  closeStore(): Promise<void>;
}

/** Opens the store from the fixtures, joins the Redis world if asked, and starts delivery. */
export async function openWorld(options: MockServerOptions, spec: LoadedSpec, fixtures: Fixture, logger: Logger): Promise<World> {
  const store = await Store.open({
    fixtures,
    dataFile: options.data,
    fsync: options.fsync,
    fixtureCheck: compileSchemaCheck(spec.dereferenced, 'Fixture'),
    sandboxes: {
      maxSandboxes: options.maxSandboxes,
      idleTtlMs: options.sandboxTtl === undefined ? undefined : options.sandboxTtl * 1000,
    },
  });
  let delivery: DeliveryHub | undefined;
  let stopLeases = () => {};
  const closeStore = async () => {
    await store.replication?.close();
    await store.close();
  };
  try {
    if (options.redis) {
      const { RedisWorld } = await import('../store/redis/redis-world.js');
      await RedisWorld.open(store, { url: options.redis, logger, snapshotEvery: options.redisSnapshotEvery });
    }
    delivery = new DeliveryHub({ ...options.delivery, logger });
    if (store.replication) stopLeases = await shareDeliveries(store, delivery, options.delivery?.timeoutSeconds, logger);
  } catch (err) {
    stopLeases();
    await delivery?.close();
    await closeStore();
    throw err;
  }
  const hub = delivery;
  return {
    store,
    delivery: hub,
    async stopDelivery() {
      stopLeases();
      await hub.close();
    },
    closeStore,
  };
}
