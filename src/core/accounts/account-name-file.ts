// The names of the accounts whose key is in the keychain, kept in a file beside the app's other
// data, where reading them needs no secret. On macOS every keychain item is a secret to read:
// listing the accounts through keytar (findCredentials) reads every key, and an unsigned build
// (whose signature the items' access lists do not know) gets one keychain prompt per account
// at each start. With this list the accounts are known without asking, and a key is read only
// when a request needs it (core/accounts/keychain.ts keeps the list as keys are stored and deleted).
// The app and the CLI share it: each change re-reads it and writes it whole, at once.
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomically } from '../storage/atomic-file';

/** The account names, as a port: the keychain adapter keeps them, tests hold them in memory. */
export interface AccountNameList {
  /** The names, or undefined when there is no usable list (never written, or damaged). */
  read(): string[] | undefined;
  write(names: readonly string[]): void;
}

export const ACCOUNT_NAME_FILE = 'account-names.json';
/** A list longer than this is not ours: read as no list (the keychain is listed instead). */
const MAX_LIST_BYTES = 64 * 1024;

/** The list where keychain reads are secrets to the user (macOS); elsewhere none is needed. */
export function accountNameListFor(
  platform: NodeJS.Platform,
  directory: string | undefined,
): AccountNameList | undefined {
  return platform === 'darwin' && directory ? accountNameFile(directory) : undefined;
}

export function accountNameFile(directory: string): AccountNameList {
  const file = path.join(directory, ACCOUNT_NAME_FILE);
  return {
    read() {
      try {
        if (fs.statSync(file).size > MAX_LIST_BYTES) return undefined;
        const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
        const names = (parsed as { accounts?: unknown } | null)?.accounts;
        if (!Array.isArray(names) || !names.every((name) => typeof name === 'string')) {
          return undefined;
        }
        return [...new Set(names as string[])];
      } catch {
        return undefined; // none yet, or unreadable: the keychain is listed instead
      }
    },
    write(names) {
      writeFileAtomically(file, `${JSON.stringify({ accounts: [...names] }, null, 2)}\n`, 0o600);
    },
  };
}
