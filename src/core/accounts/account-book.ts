// The accounts the app polls with: which there are (the keychain's, and IMAGEKIT_PRIVATE_KEY's
// "environment" one), in which order an ID is looked up (the default first), and the client that
// sends each one's key. Adding, renaming and removing an account go through here, so the keys,
// the tracker's lanes and its purges change together. It keeps the one client per account (a
// client reads its account's key afresh for every request, so a new key needs no new client).
import {
  accountNameProblem,
  caseClashes,
  DEFAULT_ACCOUNT,
  ENVIRONMENT_ACCOUNT,
  lookupOrder,
} from '../../shared/account';
import type { AccountInfo } from '../../shared/account';
import type { AccountsState, KeyStatus } from '../../shared/ipc';
import type { PurgeStatusApi } from '../imagekit/imagekit-client';
import type { PrivateKeySource } from './key-source';
import { KeychainError } from './keychain';
import type { Tracker } from '../tracking/tracker';

interface AccountBookPorts {
  keys: PrivateKeySource;
  tracker: Tracker;
  /** Makes a client that sends this account's key (asked once per name). */
  clientFor(account: string): PurgeStatusApi;
  /** The account the user chose as the default, if any ('' or unknown: lookup order decides). */
  preferred(): string | undefined;
}

export class AccountBook {
  private state: AccountsState = { accounts: [] };
  private readonly clients = new Map<string, PurgeStatusApi>();

  /**
   * Until the keychain is listed (`refresh`), the tracker polls with the account whose key a
   * version before accounts used, so the purges it stored are checked from the start: the
   * environment's when IMAGEKIT_PRIVATE_KEY is set, else "default".
   */
  constructor(private readonly ports: AccountBookPorts) {
    const first = ports.keys.hasEnvironmentKey ? ENVIRONMENT_ACCOUNT : DEFAULT_ACCOUNT;
    ports.tracker.setAccounts([{ name: first, api: this.clientOf(first) }]);
  }

  /** The accounts as last read (never a key). */
  get current(): AccountsState {
    return { ...this.state, accounts: this.state.accounts.map((account) => ({ ...account })) };
  }

  /** Read the accounts again (the keychain may have changed) and give the tracker their order. */
  async refresh(): Promise<AccountsState> {
    this.state = await listAccounts(this.ports.keys, this.ports.preferred());
    const order = this.state.accounts.map((account) => account.name);
    // No key anywhere yet: the default account still exists, keyless, so its purges wait for
    // the first key, and the message says that no key is set.
    if (order.length === 0) order.push(DEFAULT_ACCOUNT);
    this.ports.tracker.setAccounts(order.map((name) => ({ name, api: this.clientOf(name) })));
    return this.current;
  }

  /**
   * Store the key of `account` (a new name adds the account). Its purges held for a missing or
   * refused key are checked again. Throws KeychainError.
   */
  async setKey(key: string, account: string): Promise<KeyStatus> {
    const problem = accountNameProblem(account);
    if (problem) throw new KeychainError('invalid', problem);
    const status = await this.ports.keys.set(key, account);
    await this.refresh();
    this.ports.tracker.keyChanged(account);
    return status;
  }

  /** Delete the key of `account`; its purges stay, held, until they are moved or it is back. */
  async deleteKey(account: string): Promise<KeyStatus> {
    const status = await this.ports.keys.delete(account);
    await this.refresh();
    return status;
  }

  /**
   * Give an account a new name: its key, purges and history go with it. Throws KeychainError
   * (a name taken, in any case, is asked of the keychain itself: core/accounts/key-source.ts).
   */
  async rename(from: string, to: string): Promise<AccountsState> {
    await this.ports.keys.rename(from, to);
    this.clients.delete(from);
    this.ports.tracker.renameAccount(from, to, this.clientOf(to));
    return this.refresh();
  }

  /**
   * Remove an account and its key. Its purges move to `moveTo` (another account), or are no
   * longer tracked without one. Throws KeychainError (nothing is changed then).
   */
  async remove(name: string, moveTo?: string): Promise<AccountsState> {
    if (moveTo !== undefined && !this.ports.tracker.accounts.includes(moveTo)) {
      throw new KeychainError('invalid', `No account is named "${moveTo}".`);
    }
    if (moveTo === name) {
      throw new KeychainError(
        'invalid',
        'The purges of an account being removed need another account.',
      );
    }
    await this.ports.keys.delete(name);
    this.ports.tracker.moveAccountPurges(name, moveTo);
    this.clients.delete(name);
    return this.refresh();
  }

  private clientOf(name: string): PurgeStatusApi {
    let client = this.clients.get(name);
    if (!client) {
      client = this.ports.clientFor(name);
      this.clients.set(name, client);
    }
    return client;
  }
}

/**
 * Every account with a key, in lookup order (`preferred` first when it is one, then as
 * shared/account.ts orders them), never a key; why the keychain's could not be listed; and
 * which names differ only in case.
 */
export async function listAccounts(
  keys: PrivateKeySource,
  preferred: string | undefined,
): Promise<AccountsState> {
  const { accounts, problem } = await keys.accounts();
  const sources = new Map(accounts.map((account) => [account.name, account.source]));
  const listed: AccountInfo[] = lookupOrder(sources.keys(), preferred || undefined).map(
    (name, index) => ({ name, source: sources.get(name)!, isDefault: index === 0 }),
  );
  const clashes = caseClashes(sources.keys());
  return {
    accounts: listed,
    ...(problem === undefined ? {} : { problem }),
    ...(clashes.length === 0 ? {} : { caseClashes: clashes }),
  };
}
