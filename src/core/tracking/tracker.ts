// The tracker: the state machine of every tracked purge (pending → completed | not_found |
// given_up) and its events, fed by status checks its account lanes start, persisted through a
// PurgeStore. What it leans on: when to check (./poll-schedule), when to retry
// (../imagekit/retry-policy), one `changed` event per burst (./change-batch), a record's own
// steps (./purge-request), the tracking limits (./purge-limits). Each ImageKit account polls in
// its own lane (../accounts/account-lane: budget, 429 hold, key hold, first-check learning,
// submitting; the lanes, their order and the pauses they share: ../accounts/account-lanes),
// spoken to in verbs; an ID of unknown account is asked of each in turn
// (../accounts/account-lookup). Over 300 lines because it is one state machine with its public
// API (the app, the window's service and the CLI use it).
import {
  DEFAULT_KEEP_FINISHED_MS,
  MAX_TRACKED_PURGES,
  mayHaveBeenSubmitted,
} from '../../shared/purge';
import type {
  AccountApiError,
  AddResult,
  ApiError,
  CdnAnswer,
  Freshness,
  PauseReason,
  PurgeRequest,
  PurgesChanged,
  SubmitResult,
  TrackerStatus,
} from '../../shared/purge';
import type { Clock } from '../clock';
import { systemClock } from '../clock';
import type { TrackerAccount } from '../accounts/account-lane';
import { AccountLane } from '../accounts/account-lane';
import { AccountLanes } from '../accounts/account-lanes';
import { ChangeBatch } from './change-batch';
import type { PurgeStatusApi } from '../imagekit/imagekit-client';
import type { ScheduleOptions } from './poll-schedule';
import {
  DEFAULT_SCHEDULE,
  detectionDeadline,
  giveUpAt,
  nextCheckAfterPending,
  nextCheckAt,
} from './poll-schedule';
import type { RequestBudget } from './request-budget';
import { finishedBefore, overCeiling, PRUNE_EVERY_SETTLEMENTS } from './purge-limits';
import { copyPurge, newPurge, rebaseAfterClockSetBack } from './purge-request';
import { DurationHistory } from '../storage/duration-history';
import type { ConfLikeStore } from '../storage/purge-store';
import type { RecoveredStore } from '../storage/store-file';
import { PurgeStore } from '../storage/purge-store';
import { parseRequestIds } from '../input/request-ids';
import { POLLING_RETRIES, RetryPolicy, SUBMISSION_RETRIES } from '../imagekit/retry-policy';
import { TypedEvents } from '../typed-events';

interface TrackerEvents extends Record<string, unknown> {
  /** A purge was detected as completed. */
  completed: PurgeRequest;
  /** A purge ended without completing: not found, or given up. */
  failed: PurgeRequest;
  /**
   * An account's key is missing or rejected: that account's polling holds until
   * `keyChanged()`. Once per episode and account.
   */
  'auth-required': AccountApiError;
  /** Purges were added, changed or removed (coalesced: one event per burst of changes). */
  changed: PurgesChanged;
  /** The tracker's status (pause, auth, rate limit, storage) changed. */
  status: TrackerStatus;
}

export interface TrackerOptions {
  /**
   * The accounts polled from the start, in lookup order (the first is the default); later ones
   * come with `setAccounts`.
   */
  accounts: readonly TrackerAccount[];
  /** The purges file (core/storage/purge-file.ts). Without one, purges live in memory (the CLI). */
  store?: ConfLikeStore;
  /** Longest a change from polling waits before it is written. */
  coalesceWritesMs?: number;
  clock?: Clock;
  /** Random numbers in [0, 1) for jitter. */
  random?: () => number;
  schedule?: Partial<ScheduleOptions>;
  budget?: RequestBudget;
  /** Set when the store file was unreadable at start and moved aside. */
  recoveredStore?: RecoveredStore;
  /**
   * Where errors go that no user should see: one thrown by an event listener, or by a status
   * check (that purge is then checked again later, as after a transient error).
   */
  onError?: (error: unknown) => void;
  /** How long a finished purge stays listed before it is pruned (default 30 days). */
  keepFinishedMs?: number;
  /** The most purges tracked at once (default MAX_TRACKED_PURGES). */
  maxTracked?: number;
  /** How long each account's purges took (default: a history in memory, empty). */
  history?: DurationHistory;
}

export class Tracker {
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly schedule: ScheduleOptions;
  private readonly store: PurgeStore;
  /** One lane per account, in lookup order, and the pauses they share. */
  private readonly lanes: AccountLanes;
  /** Pending purges loaded at start whose account was not listed yet: `setAccounts` starts them. */
  private readonly waitingForAccounts = new Set<string>();
  private readonly budget: RequestBudget | undefined;
  private readonly events: TypedEvents<TrackerEvents>;
  private readonly changes: ChangeBatch;
  private readonly retries: RetryPolicy;
  private readonly onError: (error: unknown) => void;
  private readonly closed = new AbortController();
  private readonly purges = new Map<string, PurgeRequest>();
  /** How long each account's purges took (the first checks learn from it). */
  readonly history: DurationHistory;
  private storageProblem: string | undefined;
  /** The store's, as the window's banner says it (`foundLate`: after start). */
  private recoveredStore: TrackerStatus['recoveredStore'];
  private keepFinishedMs: number;
  private readonly maxTracked: number;
  private settledSincePrune = 0;

  constructor(options: TrackerOptions) {
    this.keepFinishedMs = options.keepFinishedMs ?? DEFAULT_KEEP_FINISHED_MS;
    this.maxTracked = options.maxTracked ?? MAX_TRACKED_PURGES;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.schedule = { ...DEFAULT_SCHEDULE, ...options.schedule };
    this.onError = options.onError ?? (() => undefined);
    this.events = new TypedEvents(this.onError);
    this.changes = new ChangeBatch(
      (requestId) => this.get(requestId),
      (change) => this.events.emit('changed', change),
    );
    this.retries = new RetryPolicy(POLLING_RETRIES, this.schedule);
    this.history = options.history ?? new DurationHistory({ clock: this.clock });
    this.history.onProblem(() => this.emitStatus());
    this.budget = options.budget;
    this.recoveredStore = options.recoveredStore;
    this.store = new PurgeStore(options.store, {
      clock: this.clock,
      coalesceMs: options.coalesceWritesMs,
      onWriteProblem: (problem) => {
        this.storageProblem = problem;
        this.emitStatus();
      },
      onFoundLate: (purges, movedAside) => {
        // A list found not JSON then, or records of it that did not hold together, are said
        // as at start.
        this.recoveredStore ??= movedAside
          ? { ...movedAside, foundLate: true }
          : this.store.setAside;
        this.track(purges);
        this.emitStatus();
      },
    });
    this.storageProblem = this.store.currentProblem;
    this.lanes = new AccountLanes((name, api) => this.newLane(name, api));
    this.setAccounts(options.accounts);
  }

  on<K extends keyof TrackerEvents>(event: K, listener: (payload: TrackerEvents[K]) => void) {
    return this.events.on(event, listener);
  }

  /**
   * Load what the store holds and start polling what is pending with the accounts given so far
   * (the others' purges start at the next `setAccounts`, once the keychain has been read).
   * Purges stored before accounts existed are the default account's, written so at once.
   */
  start(): void {
    const assigned = this.track(this.store.load());
    this.recoveredStore ??= this.store.setAside;
    if (assigned) this.persistNow();
    // A file that could not be opened is tried again soon (and then as a failed write is), not
    // only at the next change: what it then holds (a drive mounted late) is tracked, and the
    // problem goes.
    else if (this.storageProblem !== undefined) this.persistSoon();
    this.pruneFinished();
  }

  /**
   * Tracks purges read from the store (at start, or when a file that could not be opened at
   * start opens: one tracked meanwhile stays as it is), pending ones polled. True when one had
   * no account (stored before accounts existed): it is the default account's now.
   */
  private track(loaded: readonly PurgeRequest[]): boolean {
    let assigned = false;
    const added: string[] = [];
    for (const purge of loaded) {
      if (this.purges.has(purge.requestId)) continue;
      if (purge.account === undefined) {
        purge.account = this.defaultAccount;
        assigned = true;
      }
      this.purges.set(purge.requestId, purge);
      added.push(purge.requestId);
      if (purge.state !== 'pending') continue;
      if (this.lanes.has(purge.account)) this.laneOf(purge).checkAt(purge, this.clock.now());
      else this.waitingForAccounts.add(purge.requestId);
    }
    this.changes.changed(added);
    return assigned;
  }

  /** The account new IDs are asked of first and URLs are purged with. */
  get defaultAccount(): string {
    return this.lanes.defaultAccount;
  }

  /** The accounts with a key, in lookup order (the default first). */
  get accounts(): readonly string[] {
    return this.lanes.names;
  }

  /**
   * The accounts there are now, in lookup order (the first is the default). A new one starts
   * polling; one that is gone keeps its purges, held as under a missing key, until they are
   * moved or removed (`moveAccountPurges`) or the account comes back.
   */
  setAccounts(accounts: readonly TrackerAccount[]): void {
    this.lanes.set(accounts);
    // Held back at start until the accounts were known; one still missing now holds, named.
    for (const requestId of this.waitingForAccounts) {
      const purge = this.purges.get(requestId);
      if (purge?.state === 'pending') this.laneOf(purge).checkAt(purge, this.clock.now());
    }
    this.waitingForAccounts.clear();
    this.emitStatus();
  }

  /**
   * An account was renamed: its purges, its lane and its history go with it; `api` is the
   * client that sends its key under the new name (the old name's has none any more).
   */
  renameAccount(from: string, to: string, api?: PurgeStatusApi): void {
    if (!this.lanes.rename(from, to, api)) return;
    const renamed = [...this.purges.values()].filter((purge) => purge.account === from);
    for (const purge of renamed) purge.account = to;
    this.history.rename(from, to);
    if (renamed.length > 0) this.persistNow();
    this.changes.changed(renamed.map((purge) => purge.requestId));
    this.emitStatus();
  }

  /**
   * The purges of `from` (an account being removed) move to the account `to`, where pending
   * ones are checked at once; without `to` they are no longer tracked.
   */
  moveAccountPurges(from: string, to?: string): void {
    const owned = [...this.purges.values()].filter((purge) => purge.account === from);
    if (to === undefined) {
      this.remove(owned.map((purge) => purge.requestId));
      return;
    }
    const source = this.lanes.find(from);
    for (const purge of owned) {
      purge.account = to;
      delete purge.accountLookup;
      source?.stop(purge.requestId);
      if (purge.state === 'pending') this.laneOf(purge).checkAt(purge, this.clock.now());
    }
    if (owned.length > 0) this.persistNow();
    this.changes.changed(owned.map((purge) => purge.requestId));
  }

  /** How long finished purges stay listed (a setting): those older are pruned now and later. */
  setKeepFinished(ms: number): void {
    this.keepFinishedMs = ms;
    this.pruneFinished();
  }

  /** The share of the account's rate limit to spend (a setting): applies from the next check. */
  setBudgetShare(share: number): void {
    for (const lane of this.lanes.all()) lane.setShare(share);
  }

  /** Status requests a second the default account's budget allows now. */
  get requestsPerSecond(): number {
    return this.lanes.find(this.defaultAccount)?.requestsPerSecond ?? 0;
  }

  /**
   * Stop tracking finished purges (completed, not found, given up) that finished longer ago
   * than `keepFinishedMs`. Runs at start and whenever a purge settles.
   */
  pruneFinished(): void {
    const old = finishedBefore(this.purges.values(), this.clock.now() - this.keepFinishedMs);
    if (old.length > 0) this.remove(old);
  }

  /** Every tracked purge, newest first. */
  list(): PurgeRequest[] {
    return [...this.purges.values()].sort((a, b) => b.addedAt - a.addedAt).map(copyPurge);
  }

  get(requestId: string): PurgeRequest | undefined {
    const purge = this.purges.get(requestId);
    return purge && copyPurge(purge);
  }

  status(): TrackerStatus {
    const status: TrackerStatus = { pausedFor: [...this.lanes.pauses] };
    const authProblems = this.lanes.keyProblems();
    if (authProblems.length > 0) status.authProblems = authProblems;
    const rateLimits = this.lanes.rateLimits();
    if (rateLimits.length > 0) status.rateLimits = rateLimits;
    const ignoredRateLimits = this.lanes.ignoredRateLimits();
    if (ignoredRateLimits.length > 0) status.ignoredRateLimits = ignoredRateLimits;
    if (this.storageProblem) status.storageProblem = this.storageProblem;
    if (this.history.problem) status.historyProblem = this.history.problem;
    if (this.history.unread) status.historyUnread = true;
    if (this.recoveredStore) status.recoveredStore = { ...this.recoveredStore };
    return status;
  }

  /**
   * Track the request IDs found in `input` (pasted text, or IDs). Resolves once they are
   * written to the store (or `persisted: false` says they are kept in memory only). Without an
   * `account`, each ID's account is looked up (the default first).
   */
  async add(
    input: string | readonly string[],
    meta: { url?: string; account?: string; before?: CdnAnswer } = {},
  ): Promise<AddResult> {
    const text = typeof input === 'string' ? input : input.join('\n');
    const { ids, rejected } = parseRequestIds(text);
    if (meta.account !== undefined && !this.lanes.has(meta.account)) {
      rejected.push({ text: meta.account, reason: noSuchAccount(meta.account) });
      return { added: [], alreadyTracked: [], rejected, persisted: true };
    }
    const now = this.clock.now();
    const created: PurgeRequest[] = [];
    const alreadyTracked: string[] = [];
    let refused = 0;
    for (const requestId of ids) {
      if (this.purges.has(requestId)) {
        alreadyTracked.push(requestId);
        continue;
      }
      if (this.purges.size >= this.maxTracked) {
        refused++;
        continue;
      }
      const purge = newPurge(requestId, now, meta.url);
      if (meta.before) purge.before = meta.before;
      Object.assign(purge, this.lanes.startingAccount(meta.account));
      this.purges.set(requestId, purge);
      created.push(purge);
    }
    const added = created.map((purge) => purge.requestId);
    const persisted = added.length === 0 || this.persistNow();
    for (const purge of created) this.laneOf(purge).follow(purge, now);
    this.changes.changed(added);
    if (refused > 0) rejected.push(overCeiling(refused, this.maxTracked));
    return { added, alreadyTracked, rejected, persisted };
  }

  /**
   * Submit a cache purge for each URL with `account`, one after
   * the other, and track what ImageKit accepted as that account's. A rate limit is waited out
   * (SUBMISSION_RETRIES), not skipped; that account's polling holds meanwhile. Closing the
   * tracker ends the wait: the URL's answer is then the 429, and the rest are not sent.
   * `before` holds what the CDN served for each URL just before (the pre-purge probes).
   */
  async submit(
    urls: readonly string[],
    account: string,
    before?: ReadonlyMap<string, CdnAnswer>,
  ): Promise<SubmitResult[]> {
    const results: SubmitResult[] = [];
    const retries = new RetryPolicy(SUBMISSION_RETRIES, this.schedule);
    const lane = this.lanes.find(account);
    for (const url of urls) {
      if (this.closed.signal.aborted) break;
      if (!lane || !this.lanes.has(account)) {
        const error = {
          kind: 'auth',
          auth: 'key_missing',
          message: noSuchAccount(account),
        } as const;
        results.push({ url, error });
        continue;
      }
      const outcome = await lane.submit(url, retries, this.closed.signal);
      if (!outcome.ok) {
        const unknown = mayHaveBeenSubmitted(outcome.error);
        results.push({
          url,
          error: outcome.error,
          ...(unknown ? { mayHaveBeenSubmitted: true } : {}),
        });
        if (outcome.error.kind === 'auth') this.requireAuth(lane, outcome.error);
        continue;
      }
      if (this.purges.has(outcome.requestId)) {
        // ImageKit gives every purge an ID of its own: one already tracked (a proxy's replay, a
        // lying server) would make this URL's purge the other's, completed with it, and never
        // said. Accepted all the same: it may have been made, and counts as one.
        const message = `ImageKit accepted the purge but answered with the request ID of a purge already tracked (${outcome.requestId}), so it cannot be followed.`;
        results.push({ url, error: { kind: 'protocol', message }, mayHaveBeenSubmitted: true });
        continue;
      }
      const probe = before?.get(url);
      await this.add([outcome.requestId], { url, account, ...(probe ? { before: probe } : {}) });
      results.push({ url, requestId: outcome.requestId });
    }
    return results;
  }

  /**
   * What the CDN serves since a completed purge (core/freshness/freshness-watch.ts): kept with it. False
   * when the purge is no longer tracked, or not completed.
   */
  setFreshness(requestId: string, freshness: Freshness): boolean {
    const purge = this.purges.get(requestId);
    if (purge?.state !== 'completed') return false;
    purge.freshness = freshness;
    this.persistSoon();
    this.changes.changed([requestId]);
    return true;
  }

  /** Stop tracking these purges. */
  remove(requestIds: readonly string[]): void {
    const removed: string[] = [];
    for (const id of requestIds) {
      const purge = this.purges.get(id);
      if (!purge || !this.purges.delete(id)) continue;
      removed.push(id);
      this.retries.answered(id);
      this.laneOf(purge).stop(id);
    }
    if (removed.length > 0) {
      this.persistNow();
      this.changes.removed(removed);
    }
  }

  /** Stop tracking every completed purge. */
  clearCompleted(): void {
    this.remove(
      [...this.purges.values()].filter((p) => p.state === 'completed').map((p) => p.requestId),
    );
  }

  /** Poll a given_up purge again, with a fresh deadline. */
  resumeGivenUp(requestId: string): boolean {
    const purge = this.purges.get(requestId);
    if (!purge || purge.state !== 'given_up') return false;
    const now = this.clock.now();
    purge.state = 'pending';
    purge.resumedAt = now;
    this.laneOf(purge).checkAt(purge, now);
    this.persistNow();
    this.changes.changed([requestId]);
    return true;
  }

  /** Check these pending purges (default: all) as soon as the budget allows. */
  checkNow(requestIds?: readonly string[]): void {
    if (requestIds === undefined) {
      for (const lane of this.lanes.all()) lane.checkNow();
      return;
    }
    for (const id of requestIds) {
      const purge = this.purges.get(id);
      if (purge) this.laneOf(purge).checkNow([id]);
    }
  }

  /** Hold all polling, every account's, for this reason (the user, sleep, the network offline). */
  pause(reason: PauseReason): void {
    if (this.lanes.pause(reason)) this.emitStatus();
  }

  resume(reason: PauseReason): void {
    if (this.lanes.resume(reason)) this.emitStatus();
  }

  /**
   * An account's private key was set or replaced: try again whatever
   * the last one was refused for.
   */
  keyChanged(account: string): void {
    if (this.lanes.find(account)?.keyChanged()) this.emitStatus();
  }

  /**
   * Stop polling, abort the checks in flight, end a submission's wait for a rate limit, and
   * write what is waiting once (no retry timer is left behind, even when the store cannot be
   * written): nothing keeps the process alive.
   */
  close(): void {
    this.closed.abort();
    this.lanes.close();
    this.store.close();
    this.history.close();
  }

  /** Store writes so far (benchmarks). */
  get storeWrites(): number {
    return this.store.writes;
  }

  /** Timers armed by the scheduler: none when nothing is pending. */
  get isIdle(): boolean {
    return this.lanes.all().every((lane) => lane.isIdle);
  }

  private newLane(name: string, api: PurgeStatusApi): AccountLane {
    return new AccountLane(name, api, {
      clock: this.clock,
      schedule: this.schedule,
      history: this.history,
      budget: this.budget,
      pauses: this.lanes.pauses,
      run: (owner, requestId) => this.check(owner, requestId),
      onCheckError: (_owner, requestId, error) => this.checkThrew(requestId, error),
      onIgnoredRateLimit: () => this.emitStatus(),
    });
  }

  /** The lane of the purge's account (one that holds, as under a missing key, if it has none). */
  private laneOf(purge: PurgeRequest): AccountLane {
    return this.lanes.of(purge.account ?? this.defaultAccount);
  }

  private async check(lane: AccountLane, requestId: string): Promise<void> {
    const asked = this.purges.get(requestId);
    if (asked?.state !== 'pending' || this.laneOf(asked) !== lane) return;
    const sentAt = this.clock.now();
    const outcome = await lane.askStatus(requestId);
    const purge = this.purges.get(requestId);
    // Removed, resolved or moved to another account meanwhile.
    if (!purge || purge.state !== 'pending' || this.laneOf(purge) !== lane) return;
    const now = this.clock.now();
    rebaseAfterClockSetBack(purge, now);

    if (outcome.ok) {
      purge.checks += 1;
      purge.lastCheckedAt = now;
      purge.status = outcome.status;
      delete purge.lastError;
      delete purge.accountLookup; // this account knows it
      this.retries.answered(requestId);
      if (outcome.completed) {
        purge.state = 'completed';
        purge.completedAt = now;
        lane.completed(requestId, purge, now - purge.submittedAt);
        this.settle(purge, 'completed');
      } else {
        lane.sawPending(requestId, now - purge.submittedAt);
        // A wall clock set back meanwhile: the answer's time is all that is known.
        this.scheduleNext(purge, now, 0, Math.min(sentAt, now));
      }
      return;
    }

    const { error } = outcome;
    switch (error.kind) {
      case 'not_found': {
        purge.checks += 1;
        purge.lastCheckedAt = now;
        // Not this account's: the lookup goes on (core/accounts/account-lookup.ts).
        if (purge.accountLookup) return this.lookOn(purge, lane, now);
        purge.state = 'not_found';
        purge.lastError = { kind: error.kind, message: error.message, at: now };
        this.settle(purge, 'failed');
        return;
      }
      case 'auth': {
        // Holds this account, and sends the IDs still looking for their account on.
        this.requireAuth(lane, error);
        if (purge.account === lane.name) lane.checkAt(purge, now);
        return;
      }
      default: {
        const retry = this.retries.failed(requestId, error);
        if (retry?.kind === 'hold') {
          // A 429 holds every check; this one was not made, so it neither counts nor backs off.
          lane.retryLater(requestId, retry);
          this.emitStatus();
          return;
        }
        purge.checks += 1;
        purge.lastCheckedAt = now;
        purge.lastError = {
          kind: error.kind,
          message: error.message,
          at: now,
          ...(error.httpStatus === undefined ? {} : { httpStatus: error.httpStatus }),
        };
        this.scheduleNext(purge, now, retry?.waitMs ?? 0);
      }
    }
  }

  /**
   * An ID looking for its account was not known to `from`, or `from` holds for its key: the
   * next account that can answer asks it at once (within its budget); when none is left, it
   * waits for an account whose key holds, or no account knows it.
   */
  private lookOn(purge: PurgeRequest, from: AccountLane, now: number): void {
    const step = this.lanes.lookupStep(from.name);
    if (step.kind === 'unknown') {
      // It stays with the default account, and says whom it asked.
      delete purge.accountLookup;
      purge.account = step.account;
      purge.state = 'not_found';
      purge.lastError = { kind: 'not_found', message: step.message, at: now };
      this.settle(purge, 'failed');
      return;
    }
    if (step.account === from.name) return from.checkAt(purge, now);
    from.stop(purge.requestId);
    purge.account = step.account;
    // Followed as if added to this account, if it was pasted in time for a first check.
    this.laneOf(purge).takeOver(purge, now);
    this.persistSoon();
    this.changes.changed([purge.requestId]);
  }

  /** A check threw instead of answering (a bug): say so, and check that purge again later. */
  private checkThrew(requestId: string, error: unknown): void {
    this.onError(error);
    const purge = this.purges.get(requestId);
    if (purge?.state !== 'pending') return;
    const retry = this.retries.failed(requestId, { kind: 'transient', message: 'check failed' });
    this.scheduleNext(purge, this.clock.now(), retry?.waitMs ?? 0);
  }

  /**
   * Schedule the next check of a purge still pending, or give it up past its deadline. After a
   * Pending answer, `sentAt` is when its check was sent: the purge may have completed since.
   */
  private scheduleNext(purge: PurgeRequest, now: number, backoffMs: number, sentAt?: number): void {
    const deadline = giveUpAt(purge.resumedAt ?? purge.submittedAt, this.schedule);
    if (now >= deadline) {
      purge.state = 'given_up';
      this.settle(purge, 'failed');
      return;
    }
    const { submittedAt } = purge;
    const random = this.random();
    const next =
      sentAt === undefined
        ? nextCheckAt(submittedAt, now, backoffMs, random, this.schedule)
        : nextCheckAfterPending(submittedAt, sentAt, now, random, this.schedule);
    this.laneOf(purge).checkAt(
      purge,
      Math.min(next, deadline),
      detectionDeadline(submittedAt, sentAt ?? now, this.schedule),
    );
    this.persistSoon();
    this.changes.changed([purge.requestId]);
  }

  private settle(purge: PurgeRequest, event: 'completed' | 'failed'): void {
    this.retries.answered(purge.requestId);
    this.laneOf(purge).stop(purge.requestId);
    this.persistSoon();
    this.changes.changed([purge.requestId]);
    this.events.emit(event, copyPurge(purge));
    this.settledSincePrune++;
    if (this.settledSincePrune >= PRUNE_EVERY_SETTLEMENTS) {
      this.settledSincePrune = 0;
      this.pruneFinished();
    }
  }

  /**
   * An account's key is missing or was refused: its lane holds (told once per episode), and the
   * IDs there still looking for their account go on to the next account that can answer.
   */
  private requireAuth(lane: AccountLane, error: ApiError): void {
    const newEpisode = lane.holdForKey(error);
    const now = this.clock.now();
    for (const purge of [...this.purges.values()]) {
      if (purge.state === 'pending' && purge.accountLookup && purge.account === lane.name) {
        this.lookOn(purge, lane, now);
      }
    }
    if (!newEpisode) return;
    this.events.emit('auth-required', lane.keyProblem!);
    this.emitStatus();
  }

  private persistNow(): boolean {
    return this.store.writeNow(() => [...this.purges.values()]);
  }

  private persistSoon(): void {
    this.store.writeSoon(() => [...this.purges.values()]);
  }

  private emitStatus(): void {
    this.events.emit('status', this.status());
  }
}

function noSuchAccount(name: string): string {
  return `No account is named "${name}".`;
}
