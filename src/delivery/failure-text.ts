import { BlockedAddressError } from './private-network.js';

/** Where an attempt failed: before the connection was up, or while waiting for the answer. */
export type FailurePhase = 'connect' | 'read';

/** The parts of the target the messages name. */
export interface FailureTarget {
  https: boolean;
  host: string;
  port: number;
  /** Path and query, as urllib3 prints it. */
  path: string;
  timeoutSeconds: number;
}

const ERRNO: Record<string, string> = {
  ECONNREFUSED: '[Errno 111] Connection refused',
  EHOSTUNREACH: '[Errno 113] No route to host',
  ENETUNREACH: '[Errno 101] Network is unreachable',
  EADDRNOTAVAIL: '[Errno 99] Cannot assign requested address',
};

/** Python's `repr(text)`: single quotes, or double quotes when only single quotes occur inside. */
export function pythonRepr(text: string): string {
  if (text.includes("'") && !text.includes('"')) return `"${text.replace(/\\/g, '\\\\')}"`;
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * `str(exception)` for the requests exception pretix would have caught, which pretix stores as
 * the call's response body: requests 2.32.5 over urllib3 2.x, whose connections print as
 * `HTTPConnection(host='…', port=…)` (connection refused, DNS failure and read timeout as a real
 * pretix 2026.5 recorded them; the other texts follow the same code paths).
 */
export function failureText(err: Error & { code?: string }, target: FailureTarget, phase: FailurePhase | 'timeout'): string {
  if (err instanceof BlockedAddressError) return err.message;
  const where = `host=${pythonRepr(target.host)}, port=${target.port}`;
  const pool = `${target.https ? 'HTTPS' : 'HTTP'}ConnectionPool(${where})`;
  const connection = `${target.https ? 'HTTPS' : 'HTTP'}Connection(${where})`;
  const maxRetries = (cause: string) => `${pool}: Max retries exceeded with url: ${target.path} (Caused by ${cause})`;
  const error = (name: string, message: string) => maxRetries(`${name}(${pythonRepr(`${connection}: ${message}`)})`);
  const t = target.timeoutSeconds;
  if (phase === 'timeout') {
    return `${pool}: Read timed out. (read timeout=${t})`;
  }
  const code = err.code ?? '';
  if (code === 'ETIMEDOUT' && phase === 'connect') {
    return maxRetries(`ConnectTimeoutError(${connection}, ${pythonRepr(`Connection to ${target.host} timed out. (connect timeout=${t})`)})`);
  }
  if (ERRNO[code]) return error('NewConnectionError', `Failed to establish a new connection: ${ERRNO[code]}`);
  if (code === 'ENOTFOUND') return error('NameResolutionError', `Failed to resolve ${pythonRepr(target.host)} ([Errno -2] Name or service not known)`);
  if (code === 'EAI_AGAIN') return error('NameResolutionError', `Failed to resolve ${pythonRepr(target.host)} ([Errno -3] Temporary failure in name resolution)`);
  if (code === 'ECONNRESET' && err.message === 'socket hang up') {
    return "('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))";
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') return "('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer'))";
  if (code.startsWith('ERR_TLS') || code.includes('CERT') || code.startsWith('ERR_SSL')) {
    return maxRetries(`SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: ${err.message}'))`);
  }
  if (code.startsWith('HPE_')) return `('Connection aborted.', BadStatusLine('${err.message}'))`;
  return maxRetries(`ProtocolError('${err.message}')`);
}
