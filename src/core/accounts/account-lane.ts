// One ImageKit account's polling: the client that sends its key, its own request budget and
// 429 hold (ImageKit limits each account on its own), its key hold, and what its first checks
// learn from its own past purges. The tracker and `status` keep one lane per account
// (./account-lanes) and speak to it in these verbs; its scheduler and learner stay inside.
import type { AccountApiError, ApiError, PauseReason, PurgeRequest } from '../../shared/purge';
import type { Clock } from '../clock';
import type { DurationHistory } from '../storage/duration-history';
import { FirstCheckLearner } from '../tracking/first-check-learner';
import type { PurgeStatusApi } from '../imagekit/imagekit-client';
import type {
  AdvertisedRateLimit,
  StatusOutcome,
  SubmitOutcome,
} from '../imagekit/imagekit-answer';
import type { ScheduleOptions } from '../tracking/poll-schedule';
import { detectionDeadline, firstCheckAt } from '../tracking/poll-schedule';
import type { RequestBudget } from '../tracking/request-budget';
import { ignoredRateLimitMessage } from '../tracking/request-budget';
import type { Retry, RetryPolicy } from '../imagekit/retry-policy';
import { PollScheduler } from '../tracking/poll-scheduler';
import { submitPurge } from '../imagekit/purge-submission';

/** An account as the tracker is given it: its name and the client that sends its key. */
export interface TrackerAccount {
  name: string;
  api: PurgeStatusApi;
}

interface AccountLaneOptions {
  clock: Clock;
  schedule: ScheduleOptions;
  history: DurationHistory;
  budget?: RequestBudget;
  /** The pauses every lane holds for now (the user's, sleep, offline). */
  pauses: Iterable<PauseReason>;
  run: (lane: AccountLane, requestId: string) => Promise<void>;
  onCheckError: (lane: AccountLane, requestId: string, error: unknown) => void;
  /** An answer's rate-limit headers were ignored as implausible, or are no longer (`ignoredRateLimit`). */
  onIgnoredRateLimit?: (lane: AccountLane) => void;
}

type Followed = Pick<PurgeRequest, 'requestId' | 'submittedAt' | 'addedAt' | 'url'>;

/** Is the purge's submission time known (submitted here, or dated by its ID), not its paste? */
const dated = (purge: Followed) => purge.url !== undefined || purge.submittedAt < purge.addedAt;

export class AccountLane {
  private readonly scheduler: PollScheduler;
  private readonly learner: FirstCheckLearner;
  private readonly clock: Clock;
  private readonly schedule: ScheduleOptions;
  /** Set while ImageKit refused (or there is no) key: this lane holds until the key changes. */
  private keyHold: ApiError | undefined;
  private readonly onIgnoredRateLimit: (lane: AccountLane) => void;

  constructor(
    private accountName: string,
    /** The client that sends this account's key. */
    public api: PurgeStatusApi,
    options: AccountLaneOptions,
  ) {
    this.clock = options.clock;
    this.schedule = options.schedule;
    this.scheduler = new PollScheduler({
      clock: options.clock,
      budget: options.budget,
      run: (requestId) => options.run(this, requestId),
      onCheckError: (requestId, error) => options.onCheckError(this, requestId, error),
    });
    for (const reason of options.pauses) this.scheduler.pause(reason);
    this.onIgnoredRateLimit = options.onIgnoredRateLimit ?? (() => undefined);
    this.learner = new FirstCheckLearner(options.history, options.schedule, accountName);
  }

  get name(): string {
    return this.accountName;
  }

  /** The account has a new name: what it learns is recorded under it from now on. */
  rename(to: string): void {
    this.accountName = to;
    this.learner.account = to;
  }

  /** Ask ImageKit where a purge stands; the budget learns from the answer's rate-limit headers. */
  async askStatus(requestId: string): Promise<StatusOutcome> {
    const outcome = await this.api.getPurgeStatus(requestId);
    this.learn(outcome);
    return outcome;
  }

  /** Submit a purge with this account's key: a 429 is waited out as `retries` says, polling held. */
  submit(url: string, retries: RetryPolicy, closed: AbortSignal): Promise<SubmitOutcome> {
    const { api, clock, scheduler } = this;
    const budget = {
      learn: (rateLimit: AdvertisedRateLimit | undefined) => this.learn({ rateLimit }),
      holdUntil: (until: number) => scheduler.holdUntil(until),
    };
    return submitPurge(url, { api, clock, scheduler: budget, retries, closed });
  }

  /**
   * Why this account's advertised rate limit is ignored (below or above what any account
   * plausibly allows), until an answer advertises a plausible one.
   */
  get ignoredRateLimit(): string | undefined {
    const ignored = this.scheduler.ignoredRateLimit;
    return ignored && ignoredRateLimitMessage(ignored);
  }

  /**
   * A purge new to this account: its first check comes when this account's past purges say
   * (../tracking/first-check-learner), and it is followed to learn from if that is still ahead.
   */
  follow(purge: Followed, now: number): void {
    const firstDelay = this.learner.firstCheckDelay(now);
    const { requestId, submittedAt } = purge;
    const at = firstCheckAt(submittedAt, now, firstDelay);
    this.scheduler.schedule(
      requestId,
      at,
      detectionDeadline(submittedAt, submittedAt, this.schedule),
      submittedAt,
    );
    this.learner.added(requestId, submittedAt, now, firstDelay, dated(purge));
  }

  /**
   * An ID looking for its account came here from another: asked at once (within this budget),
   * and followed as if pasted here, if that was in time for a first check.
   */
  takeOver(purge: Followed, now: number): void {
    const { requestId, submittedAt } = purge;
    this.scheduler.schedule(
      requestId,
      now,
      detectionDeadline(submittedAt, now, this.schedule),
      submittedAt,
    );
    const firstDelay = this.learner.firstCheckDelay(purge.addedAt);
    this.learner.added(requestId, submittedAt, purge.addedAt, firstDelay, dated(purge));
  }

  /**
   * Check the purge at `at` (epoch ms); when more checks are due than the budget allows, its
   * submission and `deadline` (its detection goal) decide its place (../tracking/poll-scheduler).
   */
  checkAt(purge: { requestId: string; submittedAt?: number }, at: number, deadline?: number): void {
    this.scheduler.schedule(purge.requestId, at, deadline, purge.submittedAt);
  }

  /** A check failed: try it again as the retry policy said (a 429 holds every check here). */
  retryLater(requestId: string, retry: Retry): void {
    this.scheduler.retry(requestId, retry);
  }

  /** Check these (default: every one due later) as soon as the budget allows. */
  checkNow(requestIds?: readonly string[]): void {
    this.scheduler.checkNow(requestIds);
  }

  /** A check found the purge still pending at `age` (ms since submission). */
  sawPending(requestId: string, age: number): void {
    this.learner.sawPending(requestId, age);
  }

  /** A check found the purge completed at `age`: this account's history learns how long it took. */
  completed(requestId: string, purge: { submittedAt: number; url?: string }, age: number): void {
    this.learner.completed(requestId, purge, age);
  }

  /** The purge is no longer this account's to check (settled, removed, moved): forget it. */
  stop(requestId: string): void {
    this.scheduler.cancel(requestId);
    this.learner.forget(requestId);
  }

  pause(reason: PauseReason): void {
    this.scheduler.pause(reason);
  }

  resume(reason: PauseReason): void {
    this.scheduler.resume(reason);
  }

  /** The key is missing or was refused: hold every check until it changes. False if it held already. */
  holdForKey(problem: ApiError): boolean {
    if (this.keyHold) return false;
    this.keyHold = problem;
    this.scheduler.pause('auth');
    return true;
  }

  /** The key changed (set, replaced, back): lift the hold. False if it held for nothing. */
  keyChanged(): boolean {
    if (!this.keyHold) return false;
    this.keyHold = undefined;
    this.scheduler.resume('auth');
    return true;
  }

  /** The key problem, named with its account; undefined while the key works. */
  get keyProblem(): AccountApiError | undefined {
    return this.keyHold && { ...this.keyHold, account: this.name };
  }

  /** Until when (epoch ms) a 429 holds this account, if it still does. */
  get rateLimitedUntil(): number | undefined {
    return this.scheduler.heldUntilTime;
  }

  /** The share of the account's allowance to spend (a setting): applies from the next check. */
  setShare(share: number): void {
    this.scheduler.setShare(share);
  }

  /** Status requests a second this account's budget allows now. */
  get requestsPerSecond(): number {
    return this.scheduler.requestsPerSecond;
  }

  /** Nothing due, nothing in flight, no timer armed. */
  get isIdle(): boolean {
    return !this.scheduler.hasTimer && this.scheduler.size === 0;
  }

  /** The budget learns what an answer advertised; a change in what it ignores is told. */
  private learn(answer: { rateLimit?: AdvertisedRateLimit }): void {
    const ignored = this.ignoredRateLimit;
    this.scheduler.learn(answer.rateLimit);
    if (this.ignoredRateLimit !== ignored) this.onIgnoredRateLimit(this);
  }

  /** Stop: no timer left, the requests in flight aborted. */
  close(): void {
    this.scheduler.dispose();
    this.api.abortAll?.();
  }
}

/**
 * The client of an account purges still name but that has no key any more (removed, or an
 * IMAGEKIT_PRIVATE_KEY no longer set): every request is refused before it is sent, so those
 * purges hold, as under a refused key, until the account is back or they are moved.
 */
export function accountWithoutKey(name: string): PurgeStatusApi {
  const refused = async (): Promise<{ ok: false; error: ApiError }> => ({
    ok: false,
    error: {
      kind: 'auth',
      auth: 'key_missing',
      message: `No key is set up for the account "${name}".`,
    },
  });
  return { getPurgeStatus: refused, submitPurge: refused };
}
