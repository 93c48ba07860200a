import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
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
  // requests.post opens a session per call: a fresh connection each time, closed afterwards.
  readonly #http = new HttpAgent({ keepAlive: false });
  readonly #https = new HttpsAgent({ keepAlive: false });

  constructor(readonly options: SenderOptions) {}

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
    return new Promise<Attempt>((resolve, reject) => {
      let phase: FailurePhase = 'connect';
      let timedOut = false;
      let settled = false;
      const settle = (outcome: Attempt) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        if (signal.aborted) reject(signal.reason);
        else resolve(outcome);
      };
      const fail = (err: Error) => settle(finish(0, failureText(err, target, timedOut ? 'timeout' : phase), err instanceof BlockedAddressError));
      const req = (https ? httpsRequest : httpRequest)({
        protocol: url.protocol, hostname: host, port: target.port, path: target.path, method: 'POST', headers,
        agent: https ? this.#https : this.#http,
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
        readResponseText(res).then((text) => settle(finish(res.statusCode ?? 0, text)), fail);
      });
      req.end(body);
    });
  }

  /** Closes the agents' sockets; in-flight requests are ended through their signals. */
  close(): void {
    this.#http.destroy();
    this.#https.destroy();
  }
}
