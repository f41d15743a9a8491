// What every JSON file Purge Watch keeps in the profile shares (the purges, the settings, the
// duration history): how its text is read, and what happens to one that cannot be parsed: it is
// moved aside beside the original, never deleted, and the user is told where it went.
import fs from 'node:fs';
import type { Clock } from '../clock';

/** What happened when opening a store file that could not be read. */
export interface RecoveredStore {
  movedTo: string;
  reason: string;
  /** Set when only some records were set aside: how many purges were kept. */
  kept?: number;
}

/** A store file's JSON, with the UTF-8 byte order mark some editors write (conf's `deserialize`). */
export function parseStoreText<T>(text: string): T {
  return JSON.parse(text.replace(/^\uFEFF/, '')) as T;
}

/**
 * The parsed content of the file at `filePath`, or undefined when there is none. Throws the
 * read's own error when it cannot be read, and a SyntaxError when it is not JSON.
 */
export function readStoreFile(filePath: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parseStoreText<unknown>(text);
}

/** Moves a file that cannot be parsed aside, beside the original; returns where it went. */
export function moveAside(filePath: string, clock: Pick<Clock, 'now'>): string {
  const movedTo = `${filePath}.corrupt-${fileStamp(clock.now())}`;
  fs.renameSync(filePath, movedTo);
  return movedTo;
}

/** Told when a store file was not JSON and was moved aside (where to, and why). */
export type SetAsideListener = (recovered: RecoveredStore) => void;

/**
 * Opens a store file with `open`. If the file cannot be parsed (not JSON, or not the shape the
 * schema wants), it is moved aside, `onSetAside` is told where, and a fresh store is opened:
 * told even when that fails (a full disk), since the file is no longer where it was. Any other
 * failure (a file that cannot be read, a directory that cannot hold it, a file that cannot be
 * moved) is thrown, and the file is left as it is.
 */
export function openStoreFile<T>(
  open: () => T,
  filePath: string,
  clock: Pick<Clock, 'now'>,
  onSetAside: SetAsideListener,
): T {
  try {
    return open();
  } catch (error) {
    if (!isUnparseable(error) || !fs.existsSync(filePath)) throw error;
    onSetAside({ movedTo: moveAside(filePath, clock), reason: reasonOf(error) });
    return open();
  }
}

/** Not JSON, or JSON that the schema refuses: the only files moved aside as corrupt. */
function isUnparseable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'SyntaxError' || /schema violation/i.test(error.message);
}

/** A time as it goes in a file's name: 2026-11-30T04-55-00-000Z. */
export function fileStamp(now: number): string {
  return new Date(now).toISOString().replace(/[:.]/g, '-');
}

/** Why a file operation failed, in a word when the system gave one (EACCES, ENOSPC). */
export function reasonOf(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return error instanceof Error ? error.message : String(error);
}
