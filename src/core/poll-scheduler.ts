// One timer for every pending purge: starts each status check when it is due, within a global
// budget (requests per second, requests in flight; learned from ImageKit's rate-limit headers,
// see ./request-budget), and holds everything during a 429 reset window or a pause. When more
// checks are due than the budget allows, the one whose detection deadline comes first goes
// first, and every fourth start goes to the check waiting longest, so none starves. It decides
// WHEN to run a check, never what a check means (a failed check's retry: ./retry-policy); a
// check that throws goes to `onCheckError`. It is the one place that knows why polling is
// paused. Callers speak wall-clock times; inside, every
// time is on the monotonic clock, so setting the system clock neither stalls polling nor
// bursts it.
import type { PauseReason } from '../shared/purge';
import type { Clock, TimerHandle } from './clock';
import type { AdvertisedRateLimit } from './imagekit-answer';
import { DEFAULT_BUDGET, LearnedBudget } from './request-budget';
import type { RequestBudget } from './request-budget';
import type { Retry } from './retry-policy';

/** One start in this many goes to the check waiting longest past its due time. */
const LONGEST_WAITING_EVERY = 4;

/** Why polling holds: a reason of the user or the system, or a key ImageKit refused. */
export type PollPause = PauseReason | 'auth';

export interface PollSchedulerOptions {
  clock: Clock;
  /** Runs one check. The scheduler forgets the ID's due time when it starts it: `run` schedules again. */
  run: (requestId: string) => Promise<void>;
  /**
   * A check threw or rejected instead of settling (a bug, or an API port that throws). The ID
   * is no longer scheduled: the caller decides whether to schedule it again.
   */
  onCheckError: (requestId: string, error: unknown) => void;
  budget?: RequestBudget;
}

export class PollScheduler {
  private readonly clock: Clock;
  private readonly run: (requestId: string) => Promise<void>;
  private readonly onCheckError: (requestId: string, error: unknown) => void;
  private readonly budget: LearnedBudget;
  private readonly due = new Map<string, number>();
  /** When each due check's detection goal would be missed (monotonic), to order a backlog. */
  private readonly deadlines = new Map<string, number>();
  private starts = 0;
  private readonly inFlight = new Set<string>();
  private readonly pauses = new Set<PollPause>();
  /** Monotonic times, like every time kept here. */
  private heldUntil = Number.NEGATIVE_INFINITY;
  private lastStartAt = Number.NEGATIVE_INFINITY;
  private timer: TimerHandle | undefined;
  private pumpQueued = false;
  private disposed = false;

  constructor(options: PollSchedulerOptions) {
    this.clock = options.clock;
    this.run = options.run;
    this.onCheckError = options.onCheckError;
    this.budget = new LearnedBudget(options.budget ?? DEFAULT_BUDGET);
  }

  /**
   * Check `requestId` at `at` (epoch ms), replacing any earlier due time. `deadline` (epoch ms,
   * default `at`): when its detection goal would be missed, which orders a backlog.
   */
  schedule(requestId: string, at: number, deadline = at): void {
    this.due.set(requestId, this.toMonotonic(at));
    this.deadlines.set(requestId, this.toMonotonic(deadline));
    this.queuePump();
  }

  cancel(requestId: string): void {
    this.due.delete(requestId);
    this.deadlines.delete(requestId);
    this.queuePump();
  }

  /** What an answer said the account allows (X-RateLimit-Limit / -Interval). */
  learn(advertised: AdvertisedRateLimit | undefined): void {
    this.budget.learn(advertised);
  }

  /** The last advertisement ignored as implausibly low (./request-budget), if any. */
  get ignoredRateLimit(): AdvertisedRateLimit | undefined {
    return this.budget.ignored;
  }

  /** A new share of the account's allowance (a setting changed); the next start uses it. */
  setShare(share: number | null | undefined): void {
    this.budget.setShare(share);
    this.queuePump();
  }

  /** The budget now, in status requests per second. */
  get requestsPerSecond(): number {
    return this.budget.requestsPerSecond(this.clock.monotonic());
  }

  /** Make these scheduled IDs (default: all) due now; they still wait for the budget. */
  checkNow(requestIds?: Iterable<string>): void {
    const now = this.clock.monotonic();
    for (const id of requestIds ?? [...this.due.keys()]) {
      const due = this.due.get(id);
      if (due !== undefined) this.due.set(id, Math.min(now, due));
    }
    this.queuePump();
  }

  /** Hold every check for this reason until it is resumed. False if it already held for it. */
  pause(reason: PollPause): boolean {
    if (this.pauses.has(reason)) return false;
    this.pauses.add(reason);
    this.queuePump();
    return true;
  }

  /** Lift one reason (polling runs when none is left). False if it did not hold for it. */
  resume(reason: PollPause): boolean {
    if (!this.pauses.delete(reason)) return false;
    this.queuePump();
    return true;
  }

  /** The user's and the system's reasons polling holds for now, oldest first (not `auth`). */
  get pausedFor(): PauseReason[] {
    return [...this.pauses].filter((reason): reason is PauseReason => reason !== 'auth');
  }

  /**
   * A 429: start no request before `until` (its reset; never shortens an existing hold), and
   * spend less of the account's allowance for a while.
   */
  holdUntil(until: number): void {
    this.heldUntil = Math.max(this.heldUntil, this.toMonotonic(until));
    this.budget.rateLimited(this.clock.monotonic());
    this.queuePump();
  }

  /**
   * Check `requestId` again as the retry policy says: after a 429 every check holds until its
   * reset, then this one goes first; after a back-off only this one waits.
   */
  retry(requestId: string, retry: Retry): void {
    const now = this.clock.now();
    if (retry.kind === 'hold') this.holdUntil(now + retry.waitMs);
    this.schedule(requestId, retry.kind === 'hold' ? now : now + retry.waitMs);
  }

  /** Until when (epoch ms) a 429 holds every request, if it still does. */
  get heldUntilTime(): number | undefined {
    const left = this.heldUntil - this.clock.monotonic();
    return left > 0 ? this.clock.now() + left : undefined;
  }

  /** IDs waiting for a check plus checks in flight. */
  get size(): number {
    return this.due.size + this.inFlight.size;
  }

  /** True while a timer is armed: nothing pending or paused means no timer at all. */
  get hasTimer(): boolean {
    return this.timer !== undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.disarm();
    this.due.clear();
    this.deadlines.clear();
  }

  private queuePump(): void {
    if (this.pumpQueued || this.disposed) return;
    this.pumpQueued = true;
    queueMicrotask(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  private pump(): void {
    this.disarm();
    if (this.disposed || this.pauses.size > 0) return;
    while (this.inFlight.size < this.budget.maxConcurrent) {
      const now = this.clock.monotonic();
      const next = this.earliestDue();
      if (next === undefined) return;
      const spacingMs = 1000 / this.budget.requestsPerSecond(now);
      const startAt = Math.max(next.at, this.lastStartAt + spacingMs, this.heldUntil);
      if (startAt > now) {
        this.timer = this.clock.setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, startAt - now);
        return;
      }
      this.starts += 1;
      const longestWaiting = this.starts % LONGEST_WAITING_EVERY === 0;
      this.start(longestWaiting ? next.requestId : this.firstDeadlineDue(now), now);
    }
  }

  /** Among the checks due at `now`, the one whose detection deadline comes first. */
  private firstDeadlineDue(now: number): string {
    let best: { requestId: string; deadline: number; at: number } | undefined;
    for (const [requestId, at] of this.due) {
      if (at > now || this.inFlight.has(requestId)) continue;
      const deadline = this.deadlines.get(requestId) ?? at;
      if (
        best === undefined ||
        deadline < best.deadline ||
        (deadline === best.deadline && at < best.at)
      ) {
        best = { requestId, deadline, at };
      }
    }
    return best!.requestId;
  }

  private start(requestId: string, now: number): void {
    this.due.delete(requestId);
    this.deadlines.delete(requestId);
    this.inFlight.add(requestId);
    this.lastStartAt = now;
    let running: Promise<void>;
    try {
      running = this.run(requestId);
    } catch (error) {
      running = Promise.reject(error);
    }
    // A check that throws must not stop the others, nor go unseen.
    running
      .finally(() => {
        this.inFlight.delete(requestId);
        this.queuePump();
      })
      .catch((error: unknown) => this.onCheckError(requestId, error));
  }

  /** The earliest due ID not already in flight. A linear scan: cheap for thousands of IDs at a few checks a second. */
  private earliestDue(): { requestId: string; at: number } | undefined {
    let best: { requestId: string; at: number } | undefined;
    for (const [requestId, at] of this.due) {
      if (this.inFlight.has(requestId)) continue;
      if (best === undefined || at < best.at) best = { requestId, at };
    }
    return best;
  }

  private toMonotonic(wallTime: number): number {
    return this.clock.monotonic() + (wallTime - this.clock.now());
  }

  private disarm(): void {
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}
