// The tracker's accounts: one lane per account (./account-lane), the lookup order (the default
// first), and the pauses every lane shares (the user's, sleep, offline). An account a stored
// purge names but that has no key gets a lane that holds, as under a missing key.
import { DEFAULT_ACCOUNT } from '../shared/account';
import type { AccountApiError, PauseReason } from '../shared/purge';
import type { AccountLane, TrackerAccount } from './account-lane';
import { accountWithoutKey } from './account-lane';
import type { PurgeStatusApi } from './imagekit-client';

export class AccountLanes {
  private readonly lanes = new Map<string, AccountLane>();
  /** The accounts with a key, in lookup order: the first is the default. */
  private order: string[] = [];
  /** Why every lane holds now (several at once; none: polling runs). */
  readonly pauses = new Set<PauseReason>();

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
   * The accounts there are now, in lookup order. A lane whose client changed (a new key source)
   * starts over without a key hold; one no longer listed holds as under a missing key.
   */
  set(accounts: readonly TrackerAccount[]): void {
    this.order = [...new Set(accounts.map((account) => account.name))];
    for (const { name, api } of accounts) {
      const lane = this.lanes.get(name);
      if (!lane) this.lanes.set(name, this.newLane(name, api));
      else if (lane.api !== api) {
        lane.api = api;
        lane.clearAuth();
      }
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
    lane.name = to;
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

  /** Hold every lane for this reason. False when they already held for it. */
  pause(reason: PauseReason): boolean {
    if (this.pauses.has(reason)) return false;
    this.pauses.add(reason);
    for (const lane of this.lanes.values()) lane.scheduler.pause(reason);
    return true;
  }

  resume(reason: PauseReason): boolean {
    if (!this.pauses.delete(reason)) return false;
    for (const lane of this.lanes.values()) lane.scheduler.resume(reason);
    return true;
  }

  /** The accounts whose key holds them, in lookup order. */
  authProblems(): AccountApiError[] {
    return this.all().flatMap((lane) => lane.accountProblem ?? []);
  }

  /** The accounts a 429 holds now, and until when (epoch ms). */
  rateLimits(): { account: string; until: number }[] {
    return this.all().flatMap((lane) => {
      const until = lane.scheduler.heldUntilTime;
      return until === undefined ? [] : [{ account: lane.name, until }];
    });
  }
}
