import { open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DataFile } from 'lowdb/node';
import { Low } from 'lowdb';
import type { Fixture, WebhookRecord } from './fixture-types.js';

/** How a dataset's writes become durable. */
export interface Persistence {
  /** Resolves once the record (and the id sequence) would survive a crash. */
  saveWebhook(record: WebhookRecord, nextId: number): Promise<void>;
  /** Resolves once the whole document (after a reset or an import) would survive a crash. */
  saveAll(doc: Fixture): Promise<void>;
  /** Waits for pending writes, leaves a compact file and releases it. */
  close(): Promise<void>;
}

/** In-memory mode: nothing to wait for. */
export const NO_PERSISTENCE: Persistence = {
  saveWebhook: async () => {},
  saveAll: async () => {},
  close: async () => {},
};

/**
 * The snapshot is rewritten, and the log emptied, once the log has grown as large as the
 * snapshot (and at least this large): rewriting then costs no more than the appends it replaces,
 * so a write stays O(1) however many webhooks there are.
 */
const MIN_LOG_BYTES = 1 << 20;

/**
 * When an acknowledged write reaches the disk (`--fsync`):
 * - `always`: every append to the log is fsynced before the writes in it are answered (writes
 *   that arrive during an fsync share the next one);
 * - `batch`: group commit: appends are fsynced at most once per {@link BATCH_INTERVAL_MS}, and each
 *   answer waits for the fsync of its group, so an answer waits at most that interval more;
 * - `never` (the default, as before this option): no fsync; an answered write is in the page cache,
 *   so it survives the process being killed (SIGKILL, OOM), but not a crash of the OS or the machine.
 * With `always` and `batch` a rewritten snapshot is fsynced (file and folder) before the log is
 * emptied, so no answered write depends on the page cache.
 */
export const FSYNC_MODES = ['always', 'batch', 'never'] as const;
export type FsyncMode = (typeof FSYNC_MODES)[number];
export const DEFAULT_FSYNC: FsyncMode = 'never';
/** `batch`: the longest a group waits for its fsync after the previous one. */
export const BATCH_INTERVAL_MS = 10;

/** One line of the write-ahead log: a webhook as it is after a write, and the id sequence. */
export interface LogLine {
  webhook: WebhookRecord;
  next_id: number;
}

/**
 * The line written before a whole-document snapshot (a reset or an import): if the process dies
 * after the snapshot but before the log is emptied, the older lines before it must not be
 * replayed onto the new document.
 */
interface ReplaceLine {
  replace: Fixture;
}

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * `--data FILE`: the dataset lives in a lowdb JSON file (written by steno: temp file + atomic
 * rename, so a crash never leaves a partial file), and each acknowledged write is first appended
 * to `FILE.wal`, one JSON line per changed webhook. Writes that arrive while an append is running
 * are coalesced into the next append, and the snapshot is rewritten once the log is as large as
 * it, so a write costs one small append instead of a whole-file rewrite. On start the log is replayed onto the
 * snapshot; a torn last line (a crash mid-append) was never acknowledged and is dropped. A reset
 * or an import first logs the whole new document, then rewrites the snapshot: replay starts from
 * the last such line, so a crash between the two never mixes old lines into the new document.
 */
export class DurableFile implements Persistence {
  readonly #db: Low<Fixture>;
  readonly #wal: FileHandle;
  #lines: string[] = [];
  #snapshotDue = false;
  #waiters: Waiter[] = [];
  #draining: Promise<void> | undefined;
  #logBytes = 0;
  #lastSync = 0;

  private constructor(
    db: Low<Fixture>,
    wal: FileHandle,
    private readonly snapshotBytes: () => number,
    private readonly file: string,
    private readonly fsync: FsyncMode,
  ) {
    this.#db = db;
    this.#wal = wal;
  }

  /**
   * Opens FILE. If it is missing, `initial()` provides the dataset and the file is created;
   * otherwise `load` checks the stored document and the log is replayed through `replay`.
   * Returns the dataset document to serve.
   */
  static async open(
    file: string,
    options: {
      initial: () => Fixture;
      load: (stored: unknown) => Fixture;
      replay: (doc: Fixture, log: LogLine[]) => void;
      /** Default {@link DEFAULT_FSYNC}. */
      fsync?: FsyncMode;
    },
  ): Promise<{ persistence: DurableFile; doc: Fixture }> {
    let snapshotBytes = 0;
    // lowdb's JSONFile, with the size of each snapshot written kept for the compaction rule.
    const adapter = new DataFile<Fixture>(file, {
      parse: JSON.parse,
      stringify: (data) => {
        const text = JSON.stringify(data, null, 2);
        snapshotBytes = text.length;
        return text;
      },
    });
    const db = new Low<Fixture>(adapter, null as unknown as Fixture);
    try {
      await db.read();
    } catch (err) {
      throw new Error(`--data ${file} cannot be read as JSON: ${(err as Error).message}`);
    }
    const walPath = `${file}.wal`;
    let doc: Fixture;
    if (db.data === null) {
      doc = options.initial();
    } else {
      const log = await readLog(walPath);
      const replaced = log.findLastIndex((line) => 'replace' in line);
      doc = options.load(replaced < 0 ? db.data : (log[replaced] as ReplaceLine).replace);
      options.replay(doc, log.slice(replaced + 1) as LogLine[]);
    }
    db.data = doc;
    const fsync = options.fsync ?? DEFAULT_FSYNC;
    let persistence: DurableFile;
    try {
      persistence = new DurableFile(db, await open(walPath, 'a'), () => snapshotBytes, file, fsync);
      await persistence.#compact();
    } catch (err) {
      throw new Error(`--data ${file} cannot be written: ${(err as Error).message}`);
    }
    return { persistence, doc };
  }

  saveWebhook(record: WebhookRecord, nextId: number): Promise<void> {
    this.#lines.push(`${JSON.stringify({ webhook: record, next_id: nextId } satisfies LogLine)}\n`);
    return this.#enqueue();
  }

  saveAll(doc: Fixture): Promise<void> {
    this.#db.data = doc;
    this.#snapshotDue = true;
    return this.#enqueue();
  }

  async close(): Promise<void> {
    await this.#draining;
    await this.#compact();
    await this.#wal.close();
  }

  #enqueue(): Promise<void> {
    const done = new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
    this.#draining ??= this.#drain().finally(() => (this.#draining = undefined));
    return done;
  }

  async #drain(): Promise<void> {
    // The writes answered in this event-loop turn share one append.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.#waiters.length > 0) {
      if (this.fsync === 'batch') {
        const wait = this.#lastSync + BATCH_INTERVAL_MS - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      const waiters = this.#waiters.splice(0);
      const lines = this.#lines.splice(0);
      const snapshot = this.#snapshotDue;
      this.#snapshotDue = false;
      try {
        if (snapshot) {
          await this.#append(`${JSON.stringify({ replace: this.#db.data } satisfies ReplaceLine)}\n`);
          await this.#compact();
        } else {
          const text = lines.join('');
          await this.#append(text);
          this.#logBytes += text.length;
          if (this.#logBytes >= Math.max(MIN_LOG_BYTES, this.snapshotBytes())) await this.#compact();
        }
        for (const w of waiters) w.resolve();
      } catch (err) {
        for (const w of waiters) w.reject(err);
      }
    }
  }

  async #append(text: string): Promise<void> {
    await this.#wal.appendFile(text);
    if (this.fsync === 'never') return;
    await this.#wal.datasync();
    this.#lastSync = performance.now();
  }

  /**
   * Rewrites the snapshot from memory (it includes every logged write), then empties the log.
   * Unless `never`, the renamed snapshot reaches the disk first: the log must not be emptied
   * while the only durable copy of its writes is in it.
   */
  async #compact(): Promise<void> {
    await this.#db.write();
    if (this.fsync !== 'never') {
      await syncPath(this.file);
      await syncPath(dirname(this.file));
    }
    await this.#wal.truncate(0);
    this.#logBytes = 0;
  }
}

async function syncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function readLog(path: string): Promise<Array<LogLine | ReplaceLine>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const lines = text.split('\n');
  const out: Array<LogLine | ReplaceLine> = [];
  lines.forEach((line, i) => {
    if (!line) return;
    try {
      out.push(JSON.parse(line) as LogLine | ReplaceLine);
    } catch (err) {
      // Only the last line can be torn by a crash, and it was never acknowledged.
      if (i < lines.length - 1 && lines.slice(i + 1).some(Boolean)) {
        throw new Error(`${path}: line ${i + 1} is corrupt: ${(err as Error).message}`);
      }
    }
  });
  return out;
}
