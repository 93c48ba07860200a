import { PretixError } from '../pretix/drf/errors.js';
import type { NotifyResult } from '../delivery/jobs.js';
import type { NotifyRequest } from '../delivery/notification.js';
import type { SandboxDelivery } from '../delivery/sandbox-delivery.js';
import type { Problem } from '../spec/problem.js';

/** A 400 about one entry of the batch: its `/body` paths get the entry's index (`/body/event` of entry 2 is `/body/2/event`). */
function atEntry(err: unknown, index: number): unknown {
  if (!(err instanceof PretixError) || !Array.isArray(err.body.errors)) return err;
  const errors = (err.body.errors as Problem[]).map((p) => ({ ...p, path: p.path.replace(/^\/body/, `/body/${index}`) }));
  return new PretixError(err.status, { ...err.body, errors }, err.headers);
}

/**
 * `POST /__admin/notify/batch`: every entry is checked against its dataset (and its sandbox
 * looked up) before any is emitted, so a refused batch uses no notification id; then they are
 * emitted in order, ids rising per sandbox in the batch's order.
 */
export function notifyBatch(requests: Array<NotifyRequest & { sandbox?: string }>, deliveryFor: (sandbox: string) => SandboxDelivery): NotifyResult[] {
  const offsets = new Map<SandboxDelivery, number>();
  const prepared = requests.map(({ sandbox, ...request }, index) => {
    const delivery = deliveryFor(sandbox ?? 'shared');
    const offset = offsets.get(delivery) ?? 0;
    offsets.set(delivery, offset + 1);
    try {
      return delivery.prepare(request, offset);
    } catch (err) {
      throw atEntry(err, index);
    }
  });
  return prepared.map((entry) => entry.emit());
}
