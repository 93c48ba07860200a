/**
 * Waits until `items` holds `n` entries. `waiters` is where the owner pushes a wake-up call that it
 * runs on each arrival; rejects after `timeout` ms, naming `label`.
 */
export async function waitForArrivals<T>(items: T[], waiters: Array<() => void>, n: number, timeout: number, label: string): Promise<T[]> {
  const deadline = Date.now() + timeout;
  while (items.length < n) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`${label}: expected ${n} request(s) within ${timeout} ms, got ${items.length}`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, left);
      waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  return items;
}
