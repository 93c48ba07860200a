import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

export interface WatchOptions {
  /** The file to watch; with `tree`, every file under its folder counts (a spec split over files). */
  file: string;
  tree?: boolean;
  /** Called once the files have been quiet for `settleMs` after a change; never twice at once. */
  onChange: () => Promise<void>;
  /** Default 50 ms: editors write a file in several steps (truncate, write, rename). */
  settleMs?: number;
}

const SPEC_FILE = /\.(ya?ml|json)$/i;

/**
 * Watches the folder rather than the file: editors that save by writing a new file and renaming
 * it over the old one would end a watch on the file itself. Changes that arrive while `onChange`
 * runs lead to one more run afterwards, so the last version is always the one loaded.
 */
export function watchFiles(options: WatchOptions): { close: () => void } {
  const { file, tree = false, onChange, settleMs = 50 } = options;
  const name = basename(file);
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;
  let closed = false;
  const run = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await onChange();
      } while (again && !closed);
    } finally {
      running = false;
    }
  };
  const changed = (_event: string, filename: string | Buffer | null) => {
    const changedName = filename === null ? null : String(filename);
    if (changedName !== null && (tree ? !SPEC_FILE.test(changedName) : basename(changedName) !== name)) return;
    clearTimeout(timer);
    timer = setTimeout(() => void run(), settleMs);
  };
  const watcher: FSWatcher = watch(dirname(file), { recursive: tree, persistent: false }, changed);
  watcher.on('error', () => undefined); // the folder went away; the last good version stays
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      watcher.close();
    },
  };
}
