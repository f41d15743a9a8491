// The accounts' lanes: one lane per account (./account-lane), the lookup order (the default
// first), the pauses every lane shares (the user's, sleep, offline), and where an ID looking for
// its account goes next (./account-lookup, with each lane's key hold). An account a stored purge
// names but that has no key gets a lane that holds, as under a missing key. The tracker and
// `status` both poll through it.
import { DEFAULT_ACCOUNT } from '../../shared/account';
import type { AccountApiError, PauseReason, PurgeRequest } from '../../shared/purge';
import type { AccountLane, TrackerAccount } from './account-lane';
import { accountWithoutKey } from './account-lane';
import type { LookupStep } from './account-lookup';
import { lookupStep, startingAccount } from './account-lookup';
import type { PurgeStatusApi } from '../imagekit/imagekit-client';

export class AccountLanes {
  private readonly lanes = new Map<string, AccountLane>();
  /** The accounts with a key, in lookup order: the first is the default. */
  private order: string[] = [];
  /** Why every lane holds now (several at once; none: polling runs). */
  readonly pauses = new Set<PauseReason>();
  private readonly heldForKey = (name: string): boolean =>
    this.lanes.get(name)?.keyProblem !== undefined;

  /** `newLane` makes a lane that starts with the pauses of `pauses`. */
  constructor(private readonly newLane: (name: string, api: PurgeStatusApi) => AccountLane) {}

  /** The accounts with a key, in lookup order (the default first). */
  get names(): readonly string[] {
    return this.order;
  }

  get defaultAccount(): string {
    return this.order[0] ?? DEFAULT_ACCOUNT;
  }

  has(name: string): boolean {
    return this.order.includes(name);
  }

  /**
   * The accounts there are now, in lookup order, each with the client that sends its key. One
   * no longer listed holds as under a missing key; one listed again has its key back.
   */
  set(accounts: readonly TrackerAccount[]): void {
    const before = new Set(this.order);
    this.order = [...new Set(accounts.map((account) => account.name))];
    for (const { name, api } of accounts) {
      const lane = this.lanes.get(name);
      if (!lane) {
        this.lanes.set(name, this.newLane(name, api));
        continue;
      }
      lane.api = api;
      if (!before.has(name)) lane.keyChanged();
    }
    for (const lane of this.lanes.values()) {
      if (!this.has(lane.name)) lane.api = accountWithoutKey(lane.name);
    }
  }

  /** Give a lane a new name (and the client of that name). False when it cannot be renamed. */
  rename(from: string, to: string, api?: PurgeStatusApi): boolean {
    const lane = this.lanes.get(from);
    if (from === to || !lane || this.lanes.has(to)) return false;
    this.lanes.delete(from);
    lane.rename(to);
    if (api) lane.api = api;
    this.lanes.set(to, lane);
    this.order = this.order.map((name) => (name === from ? to : name));
    return true;
  }

  /** The lane of an account, if it has one. */
  find(name: string): AccountLane | undefined {
    return this.lanes.get(name);
  }

  /** The lane of an account, made (holding, keyless) for one that has none. */
  of(name: string): AccountLane {
    let lane = this.lanes.get(name);
    if (!lane) {
      lane = this.newLane(name, accountWithoutKey(name));
      this.lanes.set(name, lane);
    }
    return lane;
  }

  /** Every lane: the accounts' in lookup order, then those only stored purges name. */
  all(): AccountLane[] {
    const listed = this.order.flatMap((name) => this.lanes.get(name) ?? []);
    return [...listed, ...[...this.lanes.values()].filter((lane) => !listed.includes(lane))];
  }

  /** Where a new purge starts: the account named, else the lookup's first step. */
  startingAccount(named: string | undefined): Pick<PurgeRequest, 'account' | 'accountLookup'> {
    return startingAccount(this.order, named, this.heldForKey);
  }

  /** Where an ID looking for its account goes after `after` did not know it or holds for its key. */
  lookupStep(after: string): LookupStep {
    return lookupStep(this.order, after, this.heldForKey);
  }

  /** Hold every lane for this reason. False when they already held for it. */
  pause(reason: PauseReason): boolean {
    if (this.pauses.has(reason)) return false;
    this.pauses.add(reason);
    for (const lane of this.lanes.values()) lane.pause(reason);
    return true;
  }

  resume(reason: PauseReason): boolean {
    if (!this.pauses.delete(reason)) return false;
    for (const lane of this.lanes.values()) lane.resume(reason);
    return true;
  }

  /** The accounts whose key holds them, in lookup order. */
  keyProblems(): AccountApiError[] {
    return this.all().flatMap((lane) => lane.keyProblem ?? []);
  }

  /** The accounts a 429 holds now, and until when (epoch ms). */
  rateLimits(): { account: string; until: number }[] {
    return this.all().flatMap((lane) => {
      const until = lane.rateLimitedUntil;
      return until === undefined ? [] : [{ account: lane.name, until }];
    });
  }

  /** The accounts whose advertised rate limit is ignored as implausible, and why. */
  ignoredRateLimits(): { account: string; message: string }[] {
    return this.all().flatMap((lane) => {
      const message = lane.ignoredRateLimit;
      return message === undefined ? [] : [{ account: lane.name, message }];
    });
  }

  /** Stop every lane: no timer left, requests in flight aborted. */
  close(): void {
    for (const lane of this.lanes.values()) lane.close();
  }
}
