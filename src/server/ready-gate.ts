import type { IncomingMessage, ServerResponse } from 'node:http';
import { WARM_UP_HEADER } from '../http/warm-up-header.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Until `open()`, only the server's warm-up requests are served; the others wait, so that nothing
 * is served (or logged) before `onReady`. Each request is handed to the handler current when it
 * is served: a spec swap (`use`) lets requests in flight finish on the old app.
 */
export class ReadyGate {
  #waiting: Array<[IncomingMessage, ServerResponse]> | undefined = [];

  constructor(private handler: Handler) {}

  /** The `request` listener of the server. */
  readonly serve: Handler = (req, res) => {
    if (this.#waiting && req.headers[WARM_UP_HEADER] === undefined) this.#waiting.push([req, res]);
    else this.handler(req, res);
  };

  /** Serves later requests with another handler. */
  use(handler: Handler): void {
    this.handler = handler;
  }

  /** Serves the requests that waited, in order, and every later one at once. */
  open(): void {
    const early = this.#waiting ?? [];
    this.#waiting = undefined;
    for (const [req, res] of early) this.handler(req, res);
  }
}
