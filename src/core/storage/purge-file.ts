// The tracked purges' file, `purges.json` in the app's data folder. It is read once, when opened;
// from then on the list lives in memory and each write serialises it once (compact JSON) and
// replaces the file atomically. conf / electron-store (which wrote this file up to 0.1.0, in the
// same shape) read and parse the whole file again on every `set` before writing it: at the
// 10,000-purge ceiling that re-read cost more main-process time than the write itself.
import fs from 'node:fs';
import path from 'node:path';
import type { PurgeRequest } from '../../shared/purge';
import { PURGE_REQUEST } from '../../shared/purge';
import { INVALID } from '../../shared/record-shape';
import { removeAbandonedWrites, writeFileAtomically } from './atomic-file';
import type { Clock } from '../clock';
import type { ConfLikeStore, OpenedLate } from './purge-store';
import type { RecoveredStore, SetAsideListener } from './store-file';
import { openStoreFile, readStoreFile, reasonOf } from './store-file';

export const PURGE_FILE_NAME = 'purges.json';
/** Only the user may read which URLs they purge. */
const FILE_MODE = 0o600;

/**
 * Opens `purges.json` in `directory`, never throwing: a file that cannot be parsed is moved
 * aside (./store-file); when the file cannot be opened, the store returned keeps nothing and
 * says why (`openProblem`), so the tracker runs in memory and tells the user. Every write then
 * tries to open it again (`openLate`), and what it holds then is tracked too, never written
 * over: a file that exists but cannot be read (permissions, a read error) is left as it is
 * until it can be read (`onReadable` hears it then), and a missing one (the directory cannot
 * hold it: a drive not mounted yet) is made once the directory can hold it. One found not JSON
 * then is moved aside, `onSetAside` told where (one found so at start is `recovered`), and the
 * store's `openLate` says so too.
 */
export function openPurgeFile(
  directory: string,
  clock: Pick<Clock, 'now'>,
  onSetAside: SetAsideListener = () => undefined,
  onReadable: (filePath: string) => void = () => undefined,
): { store: ConfLikeStore; recovered?: RecoveredStore } {
  const filePath = path.join(directory, PURGE_FILE_NAME);
  const open = (told: SetAsideListener) =>
    openStoreFile(() => PurgeFile.open(filePath), filePath, clock, told);
  let recovered: RecoveredStore | undefined;
  const opened = (store: ConfLikeStore) => (recovered ? { store, recovered } : { store });
  try {
    return opened(open((moved) => (recovered = moved)));
  } catch (error) {
    // Only a list that was there and could not be read is news when it opens (not the new
    // one made in a folder that comes late).
    const readable = mayExist(filePath) ? onReadable : () => undefined;
    return opened(
      new UnopenedStore(open, filePath, whyNotOpened(filePath, error), onSetAside, readable),
    );
  }
}

/**
 * Why the file could not be opened, in words: one that may be there is said to be kept as it
 * is (nothing is written over a list that could not be read).
 */
function whyNotOpened(filePath: string, error: unknown): string {
  const reason = reasonOf(error);
  return mayExist(filePath)
    ? `it could not be read (${reason}) and is left as it is until it can be read`
    : reason;
}

/** A store whose file could not be opened: every write tries again, or throws why not. */
class UnopenedStore implements ConfLikeStore {
  private opened: ConfLikeStore | undefined;
  /** Where the file went when it was found not JSON (perhaps at a try that failed after). */
  private movedAside: RecoveredStore | undefined;

  constructor(
    private readonly open: (onSetAside: SetAsideListener) => ConfLikeStore,
    readonly path: string,
    readonly openProblem: string,
    private readonly onSetAside: SetAsideListener,
    /** Told when a file that could not be read at start is read at last. */
    private readonly onReadable: (filePath: string) => void,
  ) {}

  get(key: 'purges'): unknown {
    return this.opened?.get(key);
  }

  openLate(): OpenedLate | undefined {
    if (this.opened) return undefined;
    // Gone meanwhile (deleted by hand), it is made anew: no list was read, nothing to tell.
    const there = mayExist(this.path);
    try {
      this.opened = this.open((moved) => {
        this.movedAside = moved;
        this.onSetAside(moved);
      });
    } catch (error) {
      throw new Error(whyNotOpened(this.path, error));
    }
    const purges = this.opened.get('purges');
    // One found not JSON (moved aside, and told so) is no list read again: the banner says it.
    if (this.movedAside) return { purges, movedAside: this.movedAside };
    if (there) this.onReadable(this.path);
    return { purges };
  }

  set(key: 'purges', value: PurgeRequest[]): void {
    this.openLate();
    this.opened!.set(key, value);
  }
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

/**
 * The purges the app keeps in `directory`, read and never written (the CLI learns from them what
 * the app submitted): none when the file is missing or unreadable; records that do not hold
 * together are skipped.
 */
export function readPurges(directory: string): PurgeRequest[] {
  let content: ReturnType<typeof readContent>;
  try {
    content = readContent(path.join(directory, PURGE_FILE_NAME));
  } catch {
    return [];
  }
  return (content?.purges ?? []).flatMap((record) => {
    const read = PURGE_REQUEST.read(record);
    return read === INVALID ? [] : [read];
  });
}

/** The file's content in memory, written whole on each `set`. */
class PurgeFile implements ConfLikeStore {
  private constructor(
    readonly path: string,
    private purges: readonly unknown[],
    /** Keys beside `purges` that another version may have written: kept as they are. */
    private readonly otherKeys: Record<string, unknown>,
  ) {}

  /**
   * Reads the file. Throws a SyntaxError when it is not JSON and a "schema violation" when it is
   * not `{"purges": [...]}` (the file is then moved aside), and the read's own error when it
   * cannot be read. A missing file is written at once, empty, so that a folder that cannot hold
   * it is known at start, not at the first add.
   */
  static open(filePath: string): PurgeFile {
    removeAbandonedWrites(filePath);
    const content = readContent(filePath);
    const file = new PurgeFile(filePath, content?.purges ?? [], content?.otherKeys ?? {});
    if (!content) file.set('purges', []);
    return file;
  }

  get(_key: 'purges'): unknown {
    return this.purges;
  }

  set(_key: 'purges', value: PurgeRequest[]): void {
    writeFileAtomically(this.path, JSON.stringify({ ...this.otherKeys, purges: value }), FILE_MODE);
    this.purges = value;
  }
}

function readContent(
  filePath: string,
): { purges: unknown[]; otherKeys: Record<string, unknown> } | undefined {
  const parsed = readStoreFile(filePath);
  if (parsed === undefined) return undefined;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error('schema violation: the file does not hold an object');
  }
  const { purges = [], ...otherKeys } = parsed as Record<string, unknown>;
  if (!Array.isArray(purges)) throw new Error('schema violation: `purges` is not a list');
  return { purges, otherKeys };
}
