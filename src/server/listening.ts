import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { clientTimeouts } from './options.js';
import type { LoadedSpec } from '../spec/load-spec.js';
import { warmUp } from '../warm-up.js';

/**
 * Warms a new app's validators (`--watch`) on a private loopback server before it serves: the
 * first real requests on the new spec are as fast as on the old one.
 */
export async function warmApp(app: Express, spec: LoadedSpec, timeouts: ReturnType<typeof clientTimeouts>, adminToken?: string): Promise<void> {
  const server = createServer(timeouts, app);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    await warmUp(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, spec, { adminToken }).done;
  } finally {
    await stopListening(server).drain(1000);
  }
}

/**
 * Bounded graceful stop in two steps. `stopListening` frees the port at once (no new
 * connections) and closes idle keep-alive connections; the returned `drain` then closes idle
 * connections whenever a request in flight finishes (the sweep) and cuts the rest after `graceMs`.
 */
export function stopListening(server: Server): { drain: (graceMs: number) => Promise<void> } {
  const closed = once(server, 'close');
  server.close();
  server.closeIdleConnections();
  return {
    async drain(graceMs) {
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      server.closeIdleConnections();
      await closed;
      clearInterval(sweep);
      clearTimeout(timer);
    },
  };
}

