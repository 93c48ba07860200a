/** How often the CLI checks whether the process that started it is still there. */
export const PARENT_POLL_MS = 100;

/**
 * Calls `stop` when whoever started the server goes away, so that no server outlives its test
 * run: when the parent process changes (a wrapper such as npx or `npm start` was killed and the
 * server was re-parented), and with `stdin`, when standard input ends (the parent closed the
 * pipe or died: the Testcontainers-style lifeline). A server whose parent is already init or
 * none (PID 1 in a container) is not watched.
 */
export function watchLifeline(stop: (reason: string) => void, options: { parent: boolean; stdin: boolean }): void {
  const parent = process.ppid;
  if (options.parent && parent > 1) {
    const timer = setInterval(() => {
      if (process.ppid === parent) return;
      clearInterval(timer);
      stop('parent process exited');
    }, PARENT_POLL_MS);
    timer.unref();
  }
  if (options.stdin) {
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      stop('stdin closed');
    };
    process.stdin.on('end', end);
    process.stdin.on('close', end);
    process.stdin.on('error', end);
    process.stdin.on('data', () => {}); // reads and discards; only the end matters
    process.stdin.resume();
  }
}
