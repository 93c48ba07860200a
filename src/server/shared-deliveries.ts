import { DEFAULT_DELIVERY, type DeliveryHub } from '../delivery/delivery-hub.js';
import type { Logger } from '../logging/logger.js';
import type { Store } from '../store/store.js';

/** With `--redis`: webhook calls are leased in Redis, calls of dead replicas are taken over here, and the delivery log is shared. */
export async function shareDeliveries(store: Store, hub: DeliveryHub, timeoutSeconds: number | undefined, logger: Logger): Promise<() => void> {
  const { RedisDeliveryLeases } = await import('../delivery/redis-delivery-leases.js');
  const { RedisDeliveryLog } = await import('../delivery/redis-delivery-log.js');
  const replication = store.replication!;
  const { redis, prefix } = replication;
  const timeoutMs = (timeoutSeconds ?? DEFAULT_DELIVERY.timeoutSeconds) * 1000;
  // An attempt lasts at most about two timeouts (connect, then silence); three leave room.
  const leases = new RedisDeliveryLeases({ redis, prefix, logger, graceMs: 5000, visibilityMs: Math.max(10_000, 3 * timeoutMs),
    catchUp: () => replication.catchUp(),
  });
  hub.useLeases(leases);
  const log = new RedisDeliveryLog(hub.log, { redis, prefix, logger });
  hub.shareLog(log);
  await log.refresh();
  leases.start((job) => {
    const sandbox = store.sandbox(job.sandbox);
    if (sandbox) hub.adopt(sandbox, job);
    else leases.release(job); // the sandbox is gone, and its calls with it
  });
  return () => leases.stop();
}

