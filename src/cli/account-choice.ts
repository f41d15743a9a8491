// Which ImageKit accounts a command uses. The accounts are those with a key: IMAGEKIT_PRIVATE_KEY's
// ("environment") and the keychain's, one per name. The one named (--account, else
// PURGE_WATCH_ACCOUNT) must be one of them; without a name an ID is asked of every account in
// lookup order (the default first, as the app does: core/accounts/account-lookup.ts), and a URL is purged
// with the default account.
import type { TrackerAccount } from '../core/accounts/account-lane';
import { checkPrivateKey, NO_KEY } from '../core/imagekit/private-key';
import type { PrivateKeySource } from '../core/accounts/key-source';
import { KeychainError } from '../core/accounts/keychain';
import { listAccounts as listAccountsOf } from '../core/accounts/account-book';
import { DEFAULT_ACCOUNT, ENVIRONMENT_ACCOUNT } from '../shared/account';
import type { AccountsState } from '../shared/ipc';
import type { CliContext } from './cli-context';
import {
  keychainFailure,
  keychainNotInstalled,
  keychainProblem,
  keySource,
  newClient,
} from './cli-context';
import { CliError, ExitCode } from './exit-codes';
import type { Output } from './output';
import { echoedToken } from './safe-text';

/** The accounts a command polls or purges with. */
export interface ChosenAccounts {
  /** In lookup order (the default first), each with the client that sends its key. */
  used: TrackerAccount[];
  /** More than one account exists: what is printed names each purge's account. */
  several: boolean;
}

/** The account asked for: `--account`, else PURGE_WATCH_ACCOUNT (empty means unset). */
export function namedAccount(context: CliContext, option: string | undefined): string | undefined {
  return option ?? (context.env.PURGE_WATCH_ACCOUNT?.trim() || undefined);
}

/**
 * The account a `key` command acts on: the one `--account` names; else "default" (the account a
 * first key gets), and for `key status` the key the commands use first when IMAGEKIT_PRIVATE_KEY
 * is set: the environment's.
 */
export function keyCommandAccount(
  context: CliContext,
  option: string | undefined,
  action: 'set' | 'status' | 'delete',
): string {
  if (option !== undefined) return option;
  if (action === 'status' && context.env.IMAGEKIT_PRIVATE_KEY?.trim()) return ENVIRONMENT_ACCOUNT;
  return DEFAULT_ACCOUNT;
}

/**
 * Every account, the CLI's default first: PURGE_WATCH_ACCOUNT when it names one, else the
 * environment's, then "default", then the others by name. Listing also moves the key of a
 * version before accounts to "default" (core/accounts/keychain.ts), so it runs before any key is read.
 */
export async function listAccounts(
  context: CliContext,
  keys: PrivateKeySource = keySource(context),
): Promise<AccountsState> {
  return listAccountsOf(keys, namedAccount(context, undefined));
}

/**
 * The accounts a command uses, with their keys read once, up front: the one named; else with
 * `lookup` all of them (status, wait), without it the default alone (purge). Before any request:
 * a base URL that would expose a key is exit 2, an unknown account exit 2 (naming those there
 * are), a keychain that cannot be read exit 5, no key or a public key exit 4.
 */
export async function chooseAccounts(
  context: CliContext,
  output: Output,
  options: { account?: string; lookup: boolean },
): Promise<ChosenAccounts> {
  newClient(context, () => undefined); // the base URL is checked before the keychain is asked
  const keys = keySource(context);
  const { accounts, problem } = await listAccounts(context, keys);
  const names = accounts.map((account) => account.name);
  const named = namedAccount(context, options.account);
  if (problem !== undefined && (names.length === 0 || (named && !names.includes(named)))) {
    // No keychain support here: no key is configured, rather than a keychain that fails.
    if (await keychainNotInstalled(context)) throw noKey(named, false);
    throw keychainProblem(problem);
  }
  if (named !== undefined && !names.includes(named)) {
    throw unknownAccount(named, names, options.account === undefined);
  }
  const usedNames =
    named !== undefined
      ? [named]
      : options.lookup && names.length > 0
        ? names
        : [names[0] ?? DEFAULT_ACCOUNT];
  const several = names.length > 1;
  const used: TrackerAccount[] = [];
  for (const name of usedNames) {
    const key = await readKey(keys, name);
    const keyProblem = checkPrivateKey(key);
    if (keyProblem === NO_KEY) throw noKey(several ? name : undefined);
    if (keyProblem !== undefined) {
      throw new CliError(`${several ? `${name}: ` : ''}${keyProblem}`, ExitCode.auth);
    }
    output.safe.addSecret(key);
    used.push({ name, api: newClient(context, () => key) });
  }
  return { used, several };
}

/**
 * No key is configured (exit 4), with the command line's way to one (the core says only what is
 * wrong); `keychain` false: keychain support is not installed here.
 */
function noKey(account?: string, keychain = true): CliError {
  const advice = keychain
    ? 'Set IMAGEKIT_PRIVATE_KEY or store one in the keychain.'
    : 'Set IMAGEKIT_PRIVATE_KEY (keychain support is not installed here).';
  return new CliError(`${account ? `${account}: ` : ''}${NO_KEY} ${advice}`, ExitCode.auth);
}

async function readKey(keys: PrivateKeySource, name: string): Promise<string | undefined> {
  try {
    return await keys.get(name);
  } catch (error) {
    if (error instanceof KeychainError) throw keychainFailure(error);
    throw error;
  }
}

/** A usage error naming the accounts there are (never a key: a pasted one shows as `private_…`). */
export function unknownAccount(
  name: string,
  names: readonly string[],
  fromEnvironment = false,
): CliError {
  const there =
    names.length === 0
      ? 'there is none yet (set IMAGEKIT_PRIVATE_KEY, or store a key with purge-watch key set --account NAME)'
      : `the accounts are ${names.join(', ')}`;
  const asked = fromEnvironment
    ? `PURGE_WATCH_ACCOUNT names "${echoedToken(name)}", which is no account`
    : `No account is named "${echoedToken(name)}"`;
  return new CliError(`${asked}: ${there}.`, ExitCode.usage);
}
