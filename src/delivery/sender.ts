import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { failureText, type FailurePhase, type FailureTarget } from './failure-text.js';
import { BlockedAddressError, blockedReason, guardedLookup } from './private-network.js';
import { readResponseText, truncateCodePoints, RESPONSE_BODY_CHARS } from './response-text.js';

/** How the sender talks to receivers. */
export interface SenderOptions {
  /** requests' `timeout=`: connect timeout and idle time between bytes of the answer, in ms. */
  timeoutMs: number;
  /** Refuse private, loopback, link-local, multicast and CGNAT addresses, like pretix.eu. */
  blockPrivateNetworks: boolean;
  userAgent: string;
  /** Idle connections kept open per target host (the per-host concurrency); 0: a fresh connection per attempt. */
  keepAliveSockets?: number;
}

/** The outcome of one POST, in the terms of pretix's WebHookCall. */
export interface Attempt {
  /** HTTP status, or 0 when no answer came (network error, timeout, refusal). */
  returnCode: number;
  success: boolean;
  /** The answer's text, or the error text, cut to 1 MiB characters. */
  responseBody: string;
  /** Seconds from the start of the request until the answer was read. */
  executionTime: number;
  /**
   * The private-network guard refused the target. pretix raises that inside urllib3 as an error
   * requests does not catch: no WebHookCall, no retry.
   */
  blocked: boolean;
}

/** An attempt that would run for longer than this many timeouts (a receiver trickling bytes) is cut. */
const TOTAL_TIMEOUTS = 10;

/**
 * How long an idle kept-alive connection stays open: below the 5 s that Node's and many other
 * servers keep one (a server's `Keep-Alive: timeout=` hint shortens it further).
 */
export const IDLE_CONNECTION_MS = 4_000;

/** A kept-alive connection the receiver closed just as it was reused: the attempt goes again on a fresh one. */
const isStaleConnection = (req: ClientRequest, err: Error) =>
  req.reusedSocket && ['ECONNRESET', 'EPIPE', 'ECONNABORTED'].includes((err as NodeJS.ErrnoException).code ?? '');

/** requests' HTTPBasicAuth encodes `user:pass` as Latin-1 (UTF-8 for anything beyond it). */
function basicAuth(url: URL): string | undefined {
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  if (!user && !pass) return undefined;
  const text = `${user}:${pass}`;
  const latin1 = [...text].every((ch) => ch.codePointAt(0)! <= 0xff);
  return `Basic ${Buffer.from(text, latin1 ? 'latin1' : 'utf8').toString('base64')}`;
}

/**
 * Sends one webhook call the way pretix's `requests.post(url, json=payload,
 * allow_redirects=False, timeout=30)` does: POST, requests' default headers (with a User-Agent
 * naming the mock), `user:pass@` as Basic auth, no redirects followed. Never rejects for the
 * receiver's sake: failures become `returnCode: 0` with requests' error text. Rejects only when
 * `signal` aborts (shutdown), and then nothing should be recorded.
 */
export class Sender {
  // requests.post opens a session per call: a fresh connection each time, closed afterwards. The
  // mock keeps connections to a target host open for the next attempt (the request's bytes are
  // the same; a connection costs a TCP handshake and teardown on both sides, which capped
  // delivery at a few hundred calls a second), at most as many as attempts run at once per host.
  // With blockPrivateNetworks every attempt connects afresh, so each one resolves and checks
  // the address again, as pretix.eu does.
  readonly #fresh = { http: new HttpAgent({ keepAlive: false }), https: new HttpsAgent({ keepAlive: false }) };
  readonly #pooled: { http: HttpAgent; https: HttpsAgent };

  constructor(readonly options: SenderOptions) {
    const sockets = options.blockPrivateNetworks ? 0 : (options.keepAliveSockets ?? 0);
    const pool = { keepAlive: true, maxFreeSockets: sockets, timeout: IDLE_CONNECTION_MS, scheduling: 'lifo' as const };
    this.#pooled = sockets > 0 ? { http: new HttpAgent(pool), https: new HttpsAgent(pool) } : this.#fresh;
  }

  async post(targetUrl: string, body: string, signal: AbortSignal): Promise<Attempt> {
    const started = performance.now();
    const finish = (returnCode: number, text: string, blocked = false): Attempt => ({
      returnCode,
      success: returnCode >= 200 && returnCode <= 299,
      responseBody: truncateCodePoints(text, RESPONSE_BODY_CHARS),
      executionTime: (performance.now() - started) / 1000,
      blocked,
    });
    let url: URL;
    try {
      url = new URL(targetUrl);
    } catch {
      return finish(0, `Invalid URL '${targetUrl}': No scheme supplied. Perhaps you meant https://${targetUrl}?`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return finish(0, `No connection adapters were found for '${targetUrl}'`);
    const https = url.protocol === 'https:';
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const target: FailureTarget = {
      https, host, port: Number(url.port || (https ? 443 : 80)), path: `${url.pathname}${url.search}`,
      timeoutSeconds: this.options.timeoutMs / 1000,
    };
    if (this.options.blockPrivateNetworks && isIP(host)) {
      const reason = blockedReason(host);
      if (reason) return finish(0, reason, true);
    }
    const headers: Record<string, string> = {
      Host: url.host,
      'User-Agent': this.options.userAgent,
      'Accept-Encoding': 'gzip, deflate',
      Accept: '*/*',
      Connection: 'keep-alive',
      'Content-Length': String(Buffer.byteLength(body)),
      'Content-Type': 'application/json',
    };
    const auth = basicAuth(url);
    if (auth) headers.Authorization = auth;
    signal.throwIfAborted();
    const attempt = (pooled: boolean) => this.#attempt(url, target, headers, body, signal, pooled, finish);
    const first = await attempt(true);
    return first === 'stale' ? ((await attempt(false)) as Attempt) : first;
  }

  #attempt(url: URL, target: FailureTarget, headers: Record<string, string>, body: string, signal: AbortSignal, pooled: boolean,
    finish: (returnCode: number, text: string, blocked?: boolean) => Attempt): Promise<Attempt | 'stale'> {
    const https = target.https;
    const agents = pooled ? this.#pooled : this.#fresh;
    return new Promise<Attempt | 'stale'>((resolve, reject) => {
      let phase: FailurePhase = 'connect';
      let timedOut = false;
      let settled = false;
      const settle = (outcome: Attempt | 'stale') => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        if (signal.aborted) reject(signal.reason);
        else resolve(outcome);
      };
      let answered = false;
      const fail = (err: Error) => {
        if (pooled && !answered && !timedOut && isStaleConnection(req, err)) return settle('stale');
        settle(finish(0, failureText(err, target, timedOut ? 'timeout' : phase), err instanceof BlockedAddressError));
      };
      const req = (https ? httpsRequest : httpRequest)({
        protocol: url.protocol, hostname: target.host, port: target.port, path: target.path, method: 'POST', headers,
        agent: https ? agents.https : agents.http,
        timeout: this.options.timeoutMs,
        signal,
        lookup: this.options.blockPrivateNetworks ? (guardedLookup as never) : undefined,
      });
      const timeOut = () => {
        if (phase === 'read') timedOut = true;
        req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }));
      };
      const deadline = setTimeout(timeOut, this.options.timeoutMs * TOTAL_TIMEOUTS);
      req.on('socket', (socket) => {
        if (!socket.connecting) phase = 'read';
        else socket.once('connect', () => (phase = 'read'));
      });
      req.on('timeout', timeOut);
      req.on('error', fail);
      req.on('response', (res: IncomingMessage) => {
        answered = true;
        readResponseText(res).then((text) => settle(finish(res.statusCode ?? 0, text)), fail);
      });
      req.end(body);
    });
  }

  /** Closes the agents' sockets; in-flight requests are ended through their signals. */
  close(): void {
    for (const agents of [this.#fresh, this.#pooled]) {
      agents.http.destroy();
      agents.https.destroy();
    }
  }
}
