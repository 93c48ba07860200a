import { renameSync, rmSync, writeFileSync } from 'node:fs';

/** What `--ready-file` holds and the JSON ready line says. */
export interface ReadyInfo {
  url: string;
  port: number;
  pid: number;
  /** Authorization header values keyed by the fixture's token strings. */
  tokens: Record<string, string>;
  version: string;
}

/** The port of a URL such as `http://127.0.0.1:41234`. */
export function portOf(url: string): number {
  return Number(new URL(url).port);
}

/**
 * Writes the ready file atomically (a temp file renamed over it), so a reader never sees half
 * of it; returns a function that removes it again (on stop: a stale file would point at nothing).
 */
export function writeReadyFile(file: string, info: ReadyInfo): () => void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(info)}\n`);
  renameSync(temp, file);
  return () => rmSync(file, { force: true });
}

/** The start-up error as the CLI prints it, with a hint for a taken port. */
export function startFailure(err: unknown, port: number): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EADDRINUSE') {
    return `${e.message}: port ${port} is in use. Use --port 0 to pick a free port (--ready-file FILE or the banner tells which), or choose another --port.`;
  }
  return e.message;
}
