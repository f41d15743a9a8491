// The fake's ImageKit accounts. Each has its private key, its own purges (an ID is known only to
// the account that submitted it) and its own rate-limit windows (ImageKit limits requests
// account-wide), as the real service keeps them. A request's Basic username picks the account.
import { randomBytes } from 'node:crypto';
import { PurgeBook } from './purge-book';
import { RateLimiter } from './rate-limits';
import type { RateLimits } from './rate-limits';

/** The name of the only account when the fake serves a single key (the `privateKey` option). */
export const SINGLE_ACCOUNT = 'default';

/** Account names to private keys; a list of names gets a fresh key for each. */
export type AccountKeys = Readonly<Record<string, string>> | readonly string[];

export interface Account {
  readonly name: string;
  readonly key: string;
  readonly purges: PurgeBook;
  readonly limiter: RateLimiter;
  /** While set, the key is refused with 403 and this message (`refuseKey`). */
  refusal?: string;
}

/** Who a request says it is. `account` is set whenever the key is an account's, refused or not. */
export interface Authentication {
  /** 'valid': an account's key, not refused. 'missing': no Authorization header or an empty
   * username. 'wrong': anything else, a refused key included. */
  auth: 'valid' | 'missing' | 'wrong';
  account?: Account;
}

/** A key shaped like ImageKit's, that only this fake accepts. */
export function newFakeKey(): string {
  return `private_fake_${randomBytes(12).toString('hex')}`;
}

export class AccountBook {
  private readonly byName = new Map<string, Account>();
  private readonly byKey = new Map<string, Account>();

  /** The `accounts` option; without it, one account named SINGLE_ACCOUNT with `privateKey`. */
  constructor(
    options: { privateKey?: string; accounts?: AccountKeys },
    rateLimits: RateLimits | undefined,
  ) {
    for (const [name, key] of Object.entries(keysOf(options))) {
      checkAccount(name, key);
      if (this.byKey.has(key)) throw new RangeError(`Two accounts of the fake share one key.`);
      const account: Account = {
        name,
        key,
        purges: new PurgeBook(),
        limiter: new RateLimiter(rateLimits),
      };
      this.byName.set(name, account);
      this.byKey.set(key, account);
    }
    if (this.byName.size === 0) throw new RangeError('The fake ImageKit needs an account.');
  }

  /** The first account given: where `addPurge` puts a purge when no account is named. */
  get first(): Account {
    return this.byName.values().next().value!;
  }

  /** Account names to keys, in the order given. */
  keys(): Record<string, string> {
    return Object.fromEntries([...this.byName].map(([name, account]) => [name, account.key]));
  }

  all(): Account[] {
    return [...this.byName.values()];
  }

  /** The account of that name; throws for an unknown one (a test's typo must not pass silently). */
  get(name: string): Account {
    const account = this.byName.get(name);
    if (!account) {
      throw new Error(
        `The fake ImageKit has no account "${name}" (it has: ${[...this.byName.keys()].join(', ')}).`,
      );
    }
    return account;
  }

  /** ImageKit takes the private key as the Basic username and ignores the password. */
  authenticate(authorization: string | undefined): Authentication {
    if (authorization === undefined || authorization.trim() === '') return { auth: 'missing' };
    const credentials = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization)?.[1];
    if (credentials === undefined) return { auth: 'wrong' };
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { auth: 'wrong' };
    const username = decoded.slice(0, colon);
    if (username === '') return { auth: 'missing' };
    const account = this.byKey.get(username);
    if (!account) return { auth: 'wrong' };
    return { auth: account.refusal === undefined ? 'valid' : 'wrong', account };
  }
}

function keysOf(options: { privateKey?: string; accounts?: AccountKeys }): Record<string, string> {
  const { privateKey, accounts } = options;
  if (accounts === undefined) return { [SINGLE_ACCOUNT]: privateKey ?? newFakeKey() };
  if (privateKey !== undefined) {
    throw new RangeError('Give the fake ImageKit either privateKey or accounts, not both.');
  }
  if (isNameList(accounts)) {
    if (new Set(accounts).size !== accounts.length) {
      throw new RangeError('Two accounts of the fake share one name.');
    }
    return Object.fromEntries(accounts.map((name) => [name, newFakeKey()]));
  }
  return { ...accounts };
}

function isNameList(accounts: AccountKeys): accounts is readonly string[] {
  return Array.isArray(accounts);
}

function checkAccount(name: string, key: string): void {
  if (name.trim() === '' || name.trim() !== name) {
    throw new RangeError(`"${name}" is not an account name (empty, or spaces around it).`);
  }
  // A Basic username ends at the first colon: a key holding one could never be sent.
  if (typeof key !== 'string' || key === '' || key.includes(':')) {
    throw new RangeError(`Account "${name}" needs a key: a non-empty string without ":".`);
  }
}
