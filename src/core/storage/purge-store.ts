// Persistence of tracked purges through a small conf-like store (`core/storage/purge-file.ts` in the app,
// its tests and benchmarks; memory stand-ins in unit tests). What the user adds is written at
// once; what polling changes is coalesced into a write at most every `coalesceMs`
// (./coalescing-writer). A record that does not hold together is set aside, not fatal.
import fs from 'node:fs';
import type { Clock } from '../clock';
import type { PurgeRequest } from '../../shared/purge';
import { PURGE_REQUEST } from '../../shared/purge';
import { INVALID } from '../../shared/record-shape';
import { CoalescingWriter } from './coalescing-writer';
import type { RecoveredStore } from './store-file';
import { fileStamp, reasonOf } from './store-file';

/** What Purge Watch needs of a store file: conf's `get` / `set` for one key, and where it is. */
export interface ConfLikeStore {
  get(key: 'purges'): unknown;
  set(key: 'purges', value: PurgeRequest[]): void;
  readonly path: string;
  /** Set when the file could not be opened: why, in words (the store then keeps nothing). */
  readonly openProblem?: string;
  /**
   * Set when the file could not be opened at start: opens it now (throws while it still cannot),
   * and returns, the first time it opens, what it held then; undefined once opened.
   */
  openLate?(): OpenedLate | undefined;
}

/** What a store file that could not be opened at start held when it opened. */
export interface OpenedLate {
  /** The purges (as `get` returns them). */
  purges: unknown;
  /** Set when it was not JSON then: it was moved aside there, and a new list started. */
  movedAside?: RecoveredStore;
}

interface PurgeStoreOptions {
  clock: Clock;
  /** Longest a polling change waits before it is written. */
  coalesceMs?: number;
  /** Called when a write fails (disk full, not writable) and again when writing works again. */
  onWriteProblem?: (problem: string | undefined) => void;
  /**
   * A file that could not be opened at start opened at a write, holding these purges: they are
   * tracked too before it is written (`snapshot` then has them), never written over. Also
   * called (perhaps with none) when records of it were set aside (`setAside`), or when it was
   * not JSON and was moved aside (`movedAside`).
   */
  onFoundLate?: (purges: PurgeRequest[], movedAside?: RecoveredStore) => void;
}

/** Writes the tracked purges. Without a backing store it keeps them in memory only. */
export class PurgeStore {
  private readonly backing: ConfLikeStore | undefined;
  private readonly clock: Clock;
  private readonly writer: CoalescingWriter | undefined;
  private readonly onFoundLate: NonNullable<PurgeStoreOptions['onFoundLate']>;
  /** Records of the file that did not hold together, set aside by `load()`. */
  setAside: RecoveredStore | undefined;

  constructor(backing: ConfLikeStore | undefined, options: PurgeStoreOptions) {
    this.backing = backing;
    this.clock = options.clock;
    this.onFoundLate = options.onFoundLate ?? (() => undefined);
    if (backing) {
      const describe = (reason: string) => saveProblem(backing.path, reason);
      this.writer = new CoalescingWriter({
        clock: options.clock,
        coalesceMs: options.coalesceMs ?? 5_000,
        describe,
        onProblem: options.onWriteProblem,
        problem: backing.openProblem === undefined ? undefined : describe(backing.openProblem),
      });
    }
  }

  /** Why the tracked purges cannot be saved right now, if they cannot. */
  get currentProblem(): string | undefined {
    return this.writer?.problem;
  }

  get path(): string | undefined {
    return this.backing?.path;
  }

  /** Writes performed, for benchmarks and tests. */
  get writes(): number {
    return this.writer?.writes ?? 0;
  }

  /**
   * The purges in the file, read by the shape `PURGE_REQUEST` declares (a state spelled as an
   * earlier version wrote it reads as today's spelling). A record that does not hold together
   * is dropped on its own, not fatal: the dropped ones are written beside the file (never
   * lost) and `setAside` says so.
   */
  load(): PurgeRequest[] {
    return this.read(this.backing?.get('purges'));
  }

  private read(raw: unknown): PurgeRequest[] {
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
    return this.writer?.writeNow(this.writeOf(snapshot)) ?? true;
  }

  /** Write soon, together with whatever else changes meanwhile (polling results). */
  writeSoon(snapshot: () => PurgeRequest[]): void {
    this.writer?.writeSoon(this.writeOf(snapshot));
  }

  /** Write what is waiting, once, and arm no retry: the store is done with. */
  close(): void {
    this.writer?.close();
  }

  private writeOf(snapshot: () => PurgeRequest[]): () => void {
    return () => {
      const late = this.backing?.openLate?.();
      if (late) {
        const setAsideBefore = this.setAside;
        const found = this.read(late.purges);
        if (found.length > 0 || this.setAside !== setAsideBefore || late.movedAside) {
          this.onFoundLate(found, late.movedAside);
        }
      }
      this.backing?.set('purges', snapshot());
    };
  }
}

function saveProblem(filePath: string, reason: string): string {
  return `Could not save tracked purges to ${filePath}: ${reason}. They are kept in memory and saving is retried.`;
}
