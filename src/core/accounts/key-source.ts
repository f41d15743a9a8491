// Where each account's private key comes from: the "environment" account's from
// IMAGEKIT_PRIVATE_KEY, every other one's from the keychain under the account's name. A key is
// read once, when a request needs it, and cached, so polling never waits on the keychain;
// saying where a key comes from reads none where the keychain keeps the names apart (macOS,
// where each read may be a prompt). Every call names its account.
import {
  accountNameKey,
  accountNameProblem,
  caseVariantProblem,
  ENVIRONMENT_ACCOUNT,
  takenNameProblem,
} from '../../shared/account';
import type { KeySource } from '../../shared/account';
import type { KeyStatus } from '../../shared/ipc';
import type { Keychain } from './keychain';
import { KeychainError } from './keychain';

/** The accounts whose key can be found, and why the keychain's could not be listed. */
interface AccountNames {
  accounts: { name: string; source: KeySource }[];
  problem?: string;
  /** The keychain cannot be reached at all (no D-Bus session, no Secret Service): it stores nothing. */
  unreachable?: boolean;
}

/** Why the "environment" account's key cannot be stored or deleted here. */
export const ENVIRONMENT_KEY_IS_READ_ONLY =
  'The "environment" account\'s key is IMAGEKIT_PRIVATE_KEY: change or unset that variable instead.';

export class PrivateKeySource {
  private readonly cached = new Map<string, Promise<string | undefined>>();
  private readonly environmentKey: string | undefined;

  /** `environmentKey`: IMAGEKIT_PRIVATE_KEY, as the caller read it from its environment. */
  constructor(
    private readonly keychain: Keychain,
    environmentKey: string | undefined,
  ) {
    this.environmentKey = environmentKey?.trim() || undefined;
  }

  /** True when IMAGEKIT_PRIVATE_KEY holds a key: the "environment" account exists. */
  get hasEnvironmentKey(): boolean {
    return this.environmentKey !== undefined;
  }

  /**
   * The key to send for `account`. Throws a KeychainError (whose message says what to do) when
   * the keychain cannot be read; the next call tries again.
   */
  async get(name: string): Promise<string | undefined> {
    if (name === ENVIRONMENT_ACCOUNT) return this.environmentKey;
    let cached = this.cached.get(name);
    if (!cached) {
      cached = this.keychain.getPrivateKey(name).catch((error: unknown) => {
        this.cached.delete(name);
        throw error;
      });
      this.cached.set(name, cached);
    }
    return cached;
  }

  /**
   * Where the account's key comes from. Asks the keychain afresh, and the next request reads the
   * key afresh, so a key deleted or replaced behind the app's back (another tool, the CLI)
   * shows, and is used, from now on.
   */
  async status(name: string): Promise<KeyStatus> {
    const keychain = this.keychain.describe();
    if (name === ENVIRONMENT_ACCOUNT) {
      return { account: name, source: this.environmentKey ? 'environment' : 'none', keychain };
    }
    this.cached.delete(name);
    return this.keychainStatus(name);
  }

  /**
   * Every account with a key: the environment's first when IMAGEKIT_PRIVATE_KEY is set, then the
   * keychain's by name. A keychain that cannot be listed leaves only the environment's, and says why.
   */
  async accounts(): Promise<AccountNames> {
    const accounts: AccountNames['accounts'] = [];
    if (this.environmentKey) accounts.push({ name: ENVIRONMENT_ACCOUNT, source: 'environment' });
    try {
      const names = await this.keychain.accountNames();
      const usable = names.filter((name) => accountNameProblem(name) === undefined);
      for (const name of usable.sort((a, b) => a.localeCompare(b))) {
        accounts.push({ name, source: 'keychain' });
      }
      return { accounts };
    } catch (error) {
      const unreachable = error instanceof KeychainError && error.kind === 'unavailable';
      return { accounts, problem: messageOf(error), ...(unreachable ? { unreachable } : {}) };
    }
  }

  /**
   * Store a new key for the account (validated by the keychain adapter); a new name adds it,
   * unless an account's name differs from it only in case. Throws KeychainError.
   */
  async set(key: string, account: string): Promise<KeyStatus> {
    const name = this.keychainAccount(account);
    const taken = caseVariantProblem(name, await this.keychain.accountNames());
    if (taken) throw new KeychainError('invalid', taken);
    await this.keychain.setPrivateKey(key, name);
    this.cached.set(name, Promise.resolve(key.trim()));
    return this.keychainStatus(name);
  }

  async delete(account: string): Promise<KeyStatus> {
    const name = this.keychainAccount(account);
    await this.keychain.deletePrivateKey(name);
    this.cached.set(name, Promise.resolve(undefined));
    return this.status(name);
  }

  /**
   * Move an account's key to a new name. Throws KeychainError; the old key stays on failure.
   *
   * Whether the new name is taken (in any case) is asked of the keychain itself right before the
   * key is written, never of a list read earlier: another program (`purge-watch key set`) may
   * have added that account meanwhile, and the keychain's write replaces whatever it holds.
   * The key is read back before the old entry goes, so a key another program writes under the
   * new name meanwhile leaves the old account as it was. (keytar cannot write only if absent:
   * a write between that check and this one would still be replaced.)
   */
  async rename(from: string, to: string): Promise<void> {
    const source = this.keychainAccount(from);
    const target = this.keychainAccount(to);
    const problem = accountNameProblem(target);
    if (problem) throw new KeychainError('invalid', problem);
    if (source === target) return;
    const key = await this.keychain.getPrivateKey(source);
    if (key === undefined) {
      throw new KeychainError('invalid', `The account "${source}" has no key to move.`);
    }
    const others = (await this.keychain.accountNames()).filter((name) => name !== source);
    // Where the names are a list kept apart (macOS), a key another program stored is not in it
    // yet: the target's own entry is asked of the keychain as well.
    const newName = accountNameKey(source) !== accountNameKey(target);
    if (newName && !others.includes(target) && (await this.keychain.hasPrivateKey(target))) {
      others.push(target);
    }
    const taken = takenNameProblem(target, others);
    if (taken) throw new KeychainError('invalid', taken);
    this.cached.delete(source);
    this.cached.delete(target);
    if (accountNameKey(source) === accountNameKey(target)) {
      await this.recase(source, target, key);
      return;
    }
    await this.keychain.setPrivateKey(key, target);
    if ((await this.keychain.getPrivateKey(target)) !== key) {
      throw new KeychainError(
        'invalid',
        `Another program stored a key for "${target}" while "${source}" was being renamed to it: "${source}" keeps its name and key, and "${target}" is an account of its own.`,
      );
    }
    await this.keychain.deletePrivateKey(source);
  }

  /**
   * A new case for an account's name. Where the keychain ignores case (Windows) both names are
   * one entry, which deleting the old name would take with it: the old entry goes first, then
   * the key is written under the new name (or back under the old one if that fails).
   */
  private async recase(source: string, target: string, key: string): Promise<void> {
    await this.keychain.deletePrivateKey(source);
    try {
      await this.keychain.setPrivateKey(key, target);
    } catch (error) {
      await this.keychain.setPrivateKey(key, source);
      throw error;
    }
  }

  /** Whether the keychain holds the account's key, keeping what is cached. */
  private async keychainStatus(name: string): Promise<KeyStatus> {
    const keychain = this.keychain.describe();
    try {
      const held = await this.keychain.hasPrivateKey(name);
      return { account: name, source: held ? 'keychain' : 'none', keychain };
    } catch (error) {
      return { account: name, source: 'none', keychain, problem: messageOf(error) };
    }
  }

  /** The account, whose key is the keychain's (the environment's is read-only here). */
  private keychainAccount(name: string): string {
    if (name === ENVIRONMENT_ACCOUNT) {
      throw new KeychainError('invalid', ENVIRONMENT_KEY_IS_READ_ONLY);
    }
    return name;
  }
}

function messageOf(error: unknown): string {
  return error instanceof KeychainError ? error.message : 'The keychain could not be read.';
}
