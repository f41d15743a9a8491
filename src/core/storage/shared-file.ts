// A JSON file in the profile that several processes update at once (the app and purge-watch
// commands: the duration history, the purge ledger, macOS's account names). Each update reads
// the file afresh, applies one process's changes to what is there now, and writes the result,
// all under the file's lock (./file-lock): no process overwrites what another wrote meanwhile,
// and no entry is lost when both write. A plain reader (./store-file's readStoreFile) takes no
// lock and deletes nothing; it sees the old file or the new one whole (./atomic-file). A file
// that is not JSON is moved aside under the lock, never deleted, and whoever asked is told where
// it went: what it held (a month's purge count, a history) starts again, and the user must
// learn that.
import { removeAbandonedWrites, writeFileAtomically } from './atomic-file';
import type { Clock } from '../clock';
import type { HeldLock } from './file-lock';
import { withFileLock } from './file-lock';
import type { SetAsideListener } from './store-file';
import { moveAside, readStoreFile } from './store-file';

/**
 * Applies `change` to what the file holds now and writes the result; returns it. A `change` that
 * returns undefined leaves the file as it is. A file that is not JSON is moved aside (never
 * deleted; `onSetAside` hears where) and `change` starts from nothing. Throws when the lock
 * cannot be taken in time or the file cannot be read or written: nothing is written then.
 */
export function updateSharedFile<T>(
  filePath: string,
  change: (current: unknown) => T,
  clock: Pick<Clock, 'now'>,
  onSetAside: SetAsideListener,
): T {
  return withCurrentContent(filePath, clock, onSetAside, (current, lock) => {
    const next = change(current);
    if (next !== undefined) {
      writeFileAtomically(filePath, JSON.stringify(next), 0o600, () => lock.assertHeld());
    }
    return next;
  });
}

/**
 * What the file holds now, read under its lock: for a reader that found it was not JSON, so it
 * is moved aside (`onSetAside` hears where) unless a writer replaced it meanwhile. Undefined
 * when there is none (any more). Throws as `updateSharedFile` does.
 */
export function readSharedFile(
  filePath: string,
  clock: Pick<Clock, 'now'>,
  onSetAside: SetAsideListener,
): unknown {
  return withCurrentContent(filePath, clock, onSetAside, (current) => current);
}

function withCurrentContent<T>(
  filePath: string,
  clock: Pick<Clock, 'now'>,
  onSetAside: SetAsideListener,
  use: (current: unknown, lock: HeldLock) => T,
): T {
  return withFileLock(filePath, (lock) => {
    // What killed writers left (a writer that still runs keeps its temporary file).
    removeAbandonedWrites(filePath);
    let current: unknown;
    try {
      current = readStoreFile(filePath);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      onSetAside({ movedTo: moveAside(filePath, clock), reason: 'not JSON' });
    }
    return use(current, lock);
  });
}
