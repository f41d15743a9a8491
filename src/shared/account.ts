// ImageKit accounts as Purge Watch knows them: a name per private key. The key itself never
// leaves the keychain (or the environment) and is never part of anything here. Imports nothing.

/** The account a key from IMAGEKIT_PRIVATE_KEY is, when that variable is set. */
export const ENVIRONMENT_ACCOUNT = 'environment';

/**
 * The account of the single key earlier versions kept (upgrading keeps it under this name), and
 * the name a first key gets when the user gives none.
 */
export const DEFAULT_ACCOUNT = 'default';

/** The longest account name: it shows in menus, rows and status lines. */
export const MAX_ACCOUNT_NAME = 40;

/** Where an account's key comes from. */
export type KeySource = 'keychain' | 'environment';

/** What the window, the tray and `purge-watch accounts` may know of an account: never its key. */
export interface AccountInfo {
  name: string;
  source: KeySource;
  /** New IDs are looked up with this account first; URLs are purged with it. */
  isDefault: boolean;
}

/**
 * Why `name` cannot name an account, or undefined when it can. Names are what a user types after
 * `--account` and sees in a menu: letters, digits, '.', '_' and '-', starting with a letter or a
 * digit. "environment" is the IMAGEKIT_PRIVATE_KEY account's own.
 */
export function accountNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'An account needs a name.';
  if (name.length > MAX_ACCOUNT_NAME) {
    return `An account name has at most ${MAX_ACCOUNT_NAME} characters.`;
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    return 'An account name is letters, digits, ".", "_" and "-", starting with a letter or a digit (e.g. production, client-a).';
  }
  if (name.toLowerCase() === ENVIRONMENT_ACCOUNT) {
    return `"${ENVIRONMENT_ACCOUNT}" is the name of the key in IMAGEKIT_PRIVATE_KEY; choose another name.`;
  }
  return undefined;
}

/**
 * The order in which a request ID of unknown account is looked up: the default account, then
 * the environment's, then the rest by name. `names` may hold duplicates; the result does not.
 */
export function lookupOrder(names: Iterable<string>, defaultAccount?: string): string[] {
  const unique = [...new Set(names)];
  const rank = (name: string): number =>
    name === defaultAccount
      ? 0
      : name === ENVIRONMENT_ACCOUNT
        ? 1
        : name === DEFAULT_ACCOUNT
          ? 2
          : 3;
  return unique.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
