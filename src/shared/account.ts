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
 * The form in which account names are compared: without regard to case, so two accounts never
 * have names that differ only in case. Windows Credential Manager ignores case (two such names
 * would be one credential, one key overwriting the other), and people mix them up everywhere.
 * Valid names are ASCII letters, digits, '.', '_' and '-' (accountNameProblem), for which
 * toLowerCase is exactly Unicode's case folding and the same in every locale (toLocaleLowerCase
 * would not be: a Turkish locale folds "I" to "ı"); a keychain entry whose name is not valid is
 * never an account, so nothing else reaches this.
 */
export function accountNameKey(name: string): string {
  return name.toLowerCase();
}

/**
 * Why no account may be added as, or renamed to, `name` while the accounts `names` exist: one
 * of them has this name, in this case or another. Undefined when none has.
 */
export function takenNameProblem(name: string, names: Iterable<string>): string | undefined {
  const existing = [...names];
  if (existing.includes(name)) return `There is already an account named "${name}".`;
  const other = existing.find((taken) => accountNameKey(taken) === accountNameKey(name));
  return other === undefined
    ? undefined
    : `There is already an account named "${other}": names that differ only in case name one account.`;
}

/**
 * Why storing a key under `name` would add an account whose name differs only in case from one
 * of `names` (a key stored under an existing name replaces that account's key: no problem).
 */
export function caseVariantProblem(name: string, names: Iterable<string>): string | undefined {
  const existing = [...names];
  return existing.includes(name) ? undefined : takenNameProblem(name, existing);
}

/**
 * The names among `names` that differ only in case, in groups (accounts made before such names
 * were refused): they are reported, never merged, since each may hold a key of its own.
 */
export function caseClashes(names: Iterable<string>): string[][] {
  const groups = new Map<string, string[]>();
  for (const name of new Set(names)) {
    const key = accountNameKey(name);
    groups.set(key, [...(groups.get(key) ?? []), name]);
  }
  return [...groups.values()].filter((group) => group.length > 1);
}

/** What accounts whose names differ only in case are told, in words. */
export function caseClashWords(clashes: readonly (readonly string[])[]): string {
  const named = clashes.map((group) => group.map((name) => `"${name}"`).join(' and '));
  return `The accounts ${named.join(', ')} have names that differ only in case: Windows Credential Manager keeps one key for such names, and they are easily mixed up. Rename or remove one of each.`;
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
