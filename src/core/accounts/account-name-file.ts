// The names of the accounts whose key is in the keychain, kept in a file beside the app's other
// data, where reading them needs no secret. On macOS every keychain item is a secret to read:
// listing the accounts through keytar (findCredentials) reads every key, and an unsigned build
// (whose signature the items' access lists do not know) gets one keychain prompt per account
// at each start. With this list the accounts are known without asking, and a key is read only
// when a request needs it (core/accounts/keychain.ts keeps the list as keys are stored and deleted).
// The app and the CLI share it, and may change it at the same moment: each change is applied to
// what the file holds then, under its lock (core/storage/shared-file.ts), so a name one process
// adds or removes is never undone by another's write. Most changes change nothing (every read of
// a key says its account is listed): those take no lock and write nothing.
//
// It is a list of what is known, not a promise that nothing else is there: a key stored by
// another program (Keychain Access, `security add-generic-password`) is not in it until Purge
// Watch first reads that account's key, which a request needs or a question about that one
// account asks (core/accounts/keychain.ts, hasPrivateKey).
import fs from 'node:fs';
import path from 'node:path';
import { systemClock } from '../clock';
import { updateSharedFile } from '../storage/shared-file';
import type { SetAsideListener } from '../storage/store-file';
import { readStoreFile } from '../storage/store-file';

/** The account names, as a port: the keychain adapter keeps them, tests hold them in memory. */
export interface AccountNameList {
  /** The names, or undefined when there is no usable list (never written, or damaged). */
  read(): string[] | undefined;
  /**
   * Applies `change` to the names the list holds now (undefined: no usable list) and keeps what
   * it returns; undefined, or the same names, leave the list as it is. Returns the names the list
   * holds afterwards. `change` may be called twice (on the names read, then under the lock on
   * the names there then): it depends on its argument only. Throws when the list cannot be
   * changed (another process holds it too long, a disk error).
   */
  update(change: (names: string[] | undefined) => string[] | undefined): string[] | undefined;
}

export const ACCOUNT_NAME_FILE = 'account-names.json';
/** A list longer than this is not ours: read as no list (the keychain is listed instead). */
const MAX_LIST_BYTES = 64 * 1024;

/**
 * The list where keychain reads are secrets to the user (macOS); elsewhere none is needed.
 * `onSetAside` hears where a list that was not JSON went (the names are then listed from the
 * keychain again).
 */
export function accountNameListFor(
  platform: NodeJS.Platform,
  directory: string | undefined,
  onSetAside: SetAsideListener,
): AccountNameList | undefined {
  return platform === 'darwin' && directory ? accountNameFile(directory, onSetAside) : undefined;
}

export function accountNameFile(directory: string, onSetAside: SetAsideListener): AccountNameList {
  const file = path.join(directory, ACCOUNT_NAME_FILE);
  const read = (): string[] | undefined => {
    try {
      if (fs.statSync(file).size > MAX_LIST_BYTES) return undefined;
      return namesIn(readStoreFile(file));
    } catch {
      return undefined; // none yet, or unreadable: the keychain is listed instead
    }
  };
  return {
    read,
    update(change) {
      // Read as it is, without the lock: a change that changes nothing stops here.
      const listed = read();
      if (!changes(listed, change(listed))) return listed;
      let names: string[] | undefined;
      updateSharedFile(
        file,
        (current) => {
          const now = namesIn(current);
          const next = change(now);
          names = next ? [...new Set(next)] : now;
          return changes(now, next) ? { accounts: names } : undefined;
        },
        systemClock,
        onSetAside,
      );
      return names;
    },
  };
}

/** Whether keeping `next` changes a list that holds `now`. */
function changes(now: string[] | undefined, next: string[] | undefined): boolean {
  if (next === undefined) return false;
  const unique = [...new Set(next)];
  return now === undefined || unique.length !== now.length || unique.some((n, i) => n !== now[i]);
}

/** The names a list file holds, or undefined when it is not a list of names. */
function namesIn(parsed: unknown): string[] | undefined {
  const names = (parsed as { accounts?: unknown } | null | undefined)?.accounts;
  if (!Array.isArray(names) || !names.every((name) => typeof name === 'string')) return undefined;
  return [...new Set(names as string[])];
}
