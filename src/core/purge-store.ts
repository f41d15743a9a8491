// Persistence of tracked purges through a small conf-like store (`core/purge-file.ts` in the app,
// its tests and benchmarks; memory stand-ins in unit tests). What the user adds is written at
// once; what polling changes is coalesced into a write at most every `coalesceMs`.
import fs from 'node:fs';
import type { Clock, TimerHandle } from './clock';
import type { PurgeRequest } from '../shared/purge';
import { PURGE_REQUEST } from '../shared/purge';
import { INVALID } from '../shared/record-shape';

/** What Purge Watch needs of a store file: conf's `get` / `set` for one key, and where it is. */
export interface ConfLikeStore {
  get(key: 'purges'): unknown;
  set(key: 'purges', value: PurgeRequest[]): void;
  readonly path: string;
  /** Set when the file could not be opened: why, in words (the store then keeps nothing). */
  readonly openProblem?: string;
}

/** A store file's JSON, with the UTF-8 byte order mark some editors write (conf's `deserialize`). */
export function parseStoreText<T>(text: string): T {
  return JSON.parse(text.replace(/^\uFEFF/, '')) as T;
}

export interface PurgeStoreOptions {
  clock: Clock;
  /** Longest a polling change waits before it is written. */
  coalesceMs?: number;
  /** Called when a write fails (disk full, not writable) and again when writing works again. */
  onWriteProblem?: (problem: string | undefined) => void;
}

/** How long a write that failed waits before it is tried again, at the least. */
const RETRY_AFTER_FAILURE_MS = 5_000;

/** Writes the tracked purges. Without a backing store it keeps them in memory only. */
export class PurgeStore {
  private readonly backing: ConfLikeStore | undefined;
  private readonly clock: Clock;
  private readonly coalesceMs: number;
  private readonly onWriteProblem: (problem: string | undefined) => void;
  private pending: (() => PurgeRequest[]) | undefined;
  private timer: TimerHandle | undefined;
  private problem: string | undefined;
  private closed = false;
  /** Records of the file that did not hold together, set aside by `load()`. */
  setAside: RecoveredStore | undefined;
  /** Writes performed, for benchmarks and tests. */
  writes = 0;

  constructor(backing: ConfLikeStore | undefined, options: PurgeStoreOptions) {
    this.backing = backing;
    this.clock = options.clock;
    this.coalesceMs = options.coalesceMs ?? 5_000;
    this.onWriteProblem = options.onWriteProblem ?? (() => undefined);
    if (backing?.openProblem) this.problem = saveProblem(backing.path, backing.openProblem);
  }

  /** Why the tracked purges cannot be saved right now, if they cannot. */
  get currentProblem(): string | undefined {
    return this.problem;
  }

  get path(): string | undefined {
    return this.backing?.path;
  }

  /**
   * The purges in the file, read by the shape `PURGE_REQUEST` declares (a state spelled as an
   * earlier version wrote it reads as today's spelling). A record that does not hold together
   * is dropped on its own, not fatal: the dropped ones are written beside the file (never
   * lost) and `setAside` says so.
   */
  load(): PurgeRequest[] {
    const raw = this.backing?.get('purges');
    if (!Array.isArray(raw)) return [];
    const kept: PurgeRequest[] = [];
    const dropped: unknown[] = [];
    for (const record of raw) {
      const read = PURGE_REQUEST.read(record);
      if (read === INVALID) dropped.push(record);
      else kept.push(read);
    }
    if (dropped.length > 0 && this.backing)
      this.setAsideRecords(this.backing.path, dropped, kept.length);
    return kept;
  }

  private setAsideRecords(filePath: string, dropped: unknown[], kept: number): void {
    const movedTo = `${filePath}.dropped-${fileStamp(this.clock.now())}`;
    const what = dropped.length === 1 ? '1 record' : `${dropped.length} records`;
    const reason = `${what} that did not hold together; the other ${kept} were kept`;
    try {
      fs.writeFileSync(movedTo, JSON.stringify({ purges: dropped }, null, 2), { mode: 0o600 });
      this.setAside = { movedTo, reason, kept };
    } catch (error) {
      this.setAside = {
        movedTo: filePath,
        reason: `${reason} (they could not be set aside: ${reasonOf(error)})`,
        kept,
      };
    }
  }

  /** Write now (user actions). False when it could not be written; it is retried later. */
  writeNow(snapshot: () => PurgeRequest[]): boolean {
    this.cancelTimer();
    this.pending = undefined;
    return this.write(snapshot);
  }

  /** Write soon, together with whatever else changes meanwhile (polling results). */
  writeSoon(snapshot: () => PurgeRequest[], delayMs = this.coalesceMs): void {
    this.pending = snapshot;
    if (this.timer === undefined && this.backing && !this.closed) {
      this.timer = this.clock.setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, delayMs);
    }
  }

  /** Write what is waiting, if anything. */
  flush(): void {
    this.cancelTimer();
    const snapshot = this.pending;
    this.pending = undefined;
    if (snapshot) this.write(snapshot);
  }

  /** Write what is waiting, once, and arm no retry: the store is done with. */
  close(): void {
    this.closed = true;
    this.flush();
    this.cancelTimer();
  }

  private write(snapshot: () => PurgeRequest[]): boolean {
    if (!this.backing) return true;
    try {
      this.backing.set('purges', snapshot());
      this.writes += 1;
      if (this.problem !== undefined) {
        this.problem = undefined;
        this.onWriteProblem(undefined);
      }
      return true;
    } catch (error) {
      const problem = saveProblem(this.backing.path, reasonOf(error));
      if (problem !== this.problem) {
        this.problem = problem;
        this.onWriteProblem(problem);
      }
      // Retry with the latest state after the coalescing window, and never sooner than a few
      // seconds: where writes are not coalesced (Windows) a failing write would otherwise be
      // retried at every turn of the event loop, each a serialisation of the whole list.
      this.writeSoon(snapshot, Math.max(this.coalesceMs, RETRY_AFTER_FAILURE_MS));
      return false;
    }
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}

/** What happened when opening a store file that could not be read. */
export interface RecoveredStore {
  movedTo: string;
  reason: string;
  /** Set when only some records were set aside: how many purges were kept. */
  kept?: number;
}

/**
 * Opens a conf-like store. If the file cannot be parsed (not JSON, or not the shape the schema
 * wants), it is moved aside (never deleted) next to the original and a fresh store is opened.
 * Any other failure (a file that cannot be read, a directory that cannot hold it, a file that
 * cannot be moved) is thrown, and the file is left as it is.
 */
export function openStoreFile<T>(
  open: () => T,
  filePath: string,
  clock: Pick<Clock, 'now'>,
): { store: T; recovered?: RecoveredStore } {
  try {
    return { store: open() };
  } catch (error) {
    if (!isUnparseable(error) || !fs.existsSync(filePath)) throw error;
    const movedTo = `${filePath}.corrupt-${fileStamp(clock.now())}`;
    fs.renameSync(filePath, movedTo);
    return { store: open(), recovered: { movedTo, reason: reasonOf(error) } };
  }
}

/**
 * Opens the purges' store file, never throwing: when it cannot be opened, the store returned
 * keeps nothing and says why (`openProblem`), so the tracker runs in memory and tells the user.
 * A file that exists but cannot be read is never written over; when the file is missing
 * (the directory cannot hold it), every write tries to open it again.
 */
export function openPurgeStoreFile(
  open: () => ConfLikeStore,
  filePath: string,
  clock: Pick<Clock, 'now'>,
): { store: ConfLikeStore; recovered?: RecoveredStore } {
  try {
    return openStoreFile(open, filePath, clock);
  } catch (error) {
    const reason = reasonOf(error);
    if (mayExist(filePath)) {
      return {
        store: new UnopenedStore(
          undefined,
          filePath,
          `it could not be read (${reason}) and is left as it is until Purge Watch restarts`,
        ),
      };
    }
    return { store: new UnopenedStore(open, filePath, reason) };
  }
}

/** A store whose file could not be opened: every write tries again (when allowed), or throws why not. */
class UnopenedStore implements ConfLikeStore {
  private opened: ConfLikeStore | undefined;

  constructor(
    private readonly open: (() => ConfLikeStore) | undefined,
    readonly path: string,
    readonly openProblem: string,
  ) {}

  get(key: 'purges'): unknown {
    return this.opened?.get(key);
  }

  set(key: 'purges', value: PurgeRequest[]): void {
    if (!this.open) throw new Error(this.openProblem);
    this.opened ??= this.open();
    this.opened.set(key, value);
  }
}

function saveProblem(filePath: string, reason: string): string {
  return `Could not save tracked purges to ${filePath}: ${reason}. They are kept in memory and saving is retried.`;
}

/** Not JSON, or JSON that the schema refuses: the only files moved aside as corrupt. */
function isUnparseable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'SyntaxError' || /schema violation/i.test(error.message);
}

/** False only when the file is certainly not there (so nothing can be overwritten). */
function mayExist(filePath: string): boolean {
  try {
    fs.lstatSync(filePath);
    return true;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return code !== 'ENOENT' && code !== 'ENOTDIR';
  }
}

/** A time as it goes in a file's name: 2026-11-30T04-55-00-000Z. */
export function fileStamp(now: number): string {
  return new Date(now).toISOString().replace(/[:.]/g, '-');
}

function reasonOf(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return error instanceof Error ? error.message : String(error);
}
