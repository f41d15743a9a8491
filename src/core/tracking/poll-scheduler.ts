// One timer for every pending purge: starts each status check when it is due, within a global
// budget (requests per second, requests in flight; learned from ImageKit's rate-limit headers,
// see ./request-budget), and holds everything during a 429 reset window or a pause. When more
// checks are due than the budget allows, the purge submitted longest ago goes first (its goal
// window, 10 % of its age, is the widest, so one check guards the most of its completion time,
// and an earlier deploy's stragglers go before a newer deploy's), and among purges submitted
// together the one last seen pending more recently (in steps of FRESHER_STEP_MS), then the one
// scheduled first (the budget keeps covering the purges it covers instead of spreading every
// check thin); every third start goes to the check whose detection deadline passed longest ago,
// so none starves (docs/SCHEDULE.md, "When the budget is short"). Checks
// wait in heaps (./indexed-heap): by due time, and the due ones in both those orders, so a start
// costs O(log n), not a scan of every pending purge.
// It decides WHEN to run a check, never what a check means (a failed check's retry:
// ../imagekit/retry-policy); a check that throws goes to `onCheckError`. It is the one place that
// knows why polling is paused. Callers speak wall-clock times; inside, every time is on the
// monotonic clock, so setting the system clock neither stalls polling nor bursts it.
import type { PauseReason } from '../../shared/purge';
import type { Clock, TimerHandle } from '../clock';
import type { AdvertisedRateLimit } from '../imagekit/imagekit-answer';
import { IndexedHeap } from './indexed-heap';
import { DEFAULT_BUDGET, LearnedBudget } from './request-budget';
import type { RequestBudget } from './request-budget';
import type { Retry } from '../imagekit/retry-policy';

/** One start in this many goes to the check whose detection deadline passed longest ago. */
export const MOST_OVERDUE_EVERY = 3;
/**
 * Among purges submitted together, a check whose purge was last seen pending at least this much
 * more recently (its detection deadline in a later step of this length) starts first.
 */
export const FRESHER_STEP_MS = 40_000;
/**
 * At most this many starts between two of the scheduler's timers; the rest wait for a timer of
 * 0 ms, so a budget wide enough to start thousands at once (or checks that settle at once) lets
 * the event loop run between every few dozen.
 */
export const STARTS_PER_TURN = 64;

/** A scheduled check. Every time is monotonic. */
interface DueCheck {
  readonly requestId: string;
  at: number;
  /** When its detection goal would be missed. */
  readonly deadline: number;
  /**
   * When its purge was submitted: the older, the wider its goal window. Wall-clock epoch ms as
   * given, unlike every other time here: it only orders checks, and moved to the monotonic clock
   * it would carry the difference of two clock reads, a fraction of a millisecond that changes
   * with every call, which split purges submitted together and reshuffled them at every check.
   */
  readonly since: number;
  /** The step of FRESHER_STEP_MS its detection deadline falls in: later means seen pending later. */
  readonly freshness: number;
  /** The order its ID was first scheduled in (a paste's order), for purges submitted together. */
  readonly rank: number;
  /** When its check was started, once in flight. */
  startedAt?: number;
}

/**
 * Which due check starts first when the budget is short: the oldest purge (the widest goal
 * window). Among purges submitted together, the one seen pending more recently: when a covered
 * purge completes and frees a share of the budget, the purge taken on next is then one the
 * most-overdue starts found still pending a moment ago, not one left unchecked for minutes (most
 * of which have completed unseen: that check finds it late and covers nothing). In steps, so the
 * covered purges, all checked within their last window, tie and keep the order they were
 * scheduled in: the budget keeps covering the purges it already covers instead of spreading
 * every check thin (the step's length is measured: docs/SCHEDULE.md, "Not at every limit").
 */
function startsFirst(a: DueCheck, b: DueCheck): boolean {
  if (a.since !== b.since) return a.since < b.since;
  if (a.freshness !== b.freshness) return a.freshness > b.freshness;
  return a.rank < b.rank;
}

const dueFirst = (a: DueCheck, b: DueCheck): boolean => a.at < b.at;
const deadlineFirst = (a: DueCheck, b: DueCheck): boolean => a.deadline < b.deadline;

/** Why polling holds: a reason of the user or the system, or a key ImageKit refused. */
type PollPause = PauseReason | 'auth';

interface PollSchedulerOptions {
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
  /** Every scheduled check not in flight, by ID. */
  private readonly checks = new Map<string, DueCheck>();
  /** Those not due yet at the last look, earliest first. */
  private readonly upcoming = new IndexedHeap<DueCheck>(dueFirst);
  /** Those due, in the order they start when the budget is short ... */
  private readonly ready: IndexedHeap<DueCheck>;
  /** ... and the same, the one whose detection deadline passed longest ago first. */
  private readonly overdue = new IndexedHeap<DueCheck>(deadlineFirst);
  /** Checks scheduled while their ID is in flight: queued when that check settles. */
  private readonly parked = new Map<string, DueCheck>();
  /** Checks in flight, by ID (a check scheduled again keeps its purge's place). */
  private readonly inFlight = new Map<string, DueCheck>();
  private starts = 0;
  /** Starts since a timer last fired: at STARTS_PER_TURN the next ones wait for one. */
  private startsThisTurn = 0;
  private nextRank = 0;
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
    this.ready = new IndexedHeap(options.budget?.backlog === 'due' ? dueFirst : startsFirst);
  }

  /**
   * Check `requestId` at `at` (epoch ms), replacing any earlier due time. `deadline` (epoch ms,
   * default `at`): when its detection goal would be missed. `submittedAt` (epoch ms; default:
   * what this ID was last scheduled with, else `deadline`): its purge's submission, which places
   * it when more checks are due than the budget allows (the oldest first).
   */
  schedule(requestId: string, at: number, deadline = at, submittedAt?: number): void {
    const known = this.checks.get(requestId) ?? this.inFlight.get(requestId);
    const monotonicDeadline = this.toMonotonic(deadline);
    const check: DueCheck = {
      requestId,
      at: this.toMonotonic(at),
      deadline: monotonicDeadline,
      since: submittedAt ?? known?.since ?? deadline,
      freshness: Math.floor(monotonicDeadline / FRESHER_STEP_MS),
      rank: known?.rank ?? this.nextRank++,
    };
    if (this.inFlight.has(requestId)) {
      this.parked.set(requestId, check);
      return;
    }
    this.unqueue(requestId);
    this.enqueue(check);
    this.queuePump();
  }

  cancel(requestId: string): void {
    this.parked.delete(requestId);
    this.unqueue(requestId);
    this.queuePump();
  }

  /** What an answer said the account allows (X-RateLimit-Limit / -Interval). */
  learn(advertised: AdvertisedRateLimit | undefined): void {
    this.budget.learn(advertised);
  }

  /** The last advertisement ignored as implausibly low or high (./request-budget), if any. */
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
    for (const id of requestIds ?? [...this.checks.keys(), ...this.parked.keys()]) {
      const check = this.checks.get(id) ?? this.parked.get(id);
      if (check === undefined || check.at <= now) continue;
      check.at = now;
      this.upcoming.update(check);
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
   * spend less of the account's allowance for a while (once for the requests in flight
   * together: `startedAt`, monotonic, says when the refused one started, when known).
   */
  holdUntil(until: number, startedAt?: number): void {
    this.heldUntil = Math.max(this.heldUntil, this.toMonotonic(until));
    this.budget.rateLimited(this.clock.monotonic(), startedAt);
    this.queuePump();
  }

  /**
   * Check `requestId` again as the retry policy says: after a 429 every check holds until its
   * reset, then this one goes first; after a back-off only this one waits.
   */
  retry(requestId: string, retry: Retry): void {
    const now = this.clock.now();
    if (retry.kind === 'hold') {
      this.holdUntil(now + retry.waitMs, this.inFlight.get(requestId)?.startedAt);
    }
    this.schedule(requestId, retry.kind === 'hold' ? now : now + retry.waitMs);
  }

  /** Until when (epoch ms) a 429 holds every request, if it still does. */
  get heldUntilTime(): number | undefined {
    const left = this.heldUntil - this.clock.monotonic();
    return left > 0 ? this.clock.now() + left : undefined;
  }

  /** IDs waiting for a check plus checks in flight. */
  get size(): number {
    return this.checks.size + this.parked.size + this.inFlight.size;
  }

  /** True while a timer is armed: nothing pending or paused means no timer at all. */
  get hasTimer(): boolean {
    return this.timer !== undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.disarm();
    this.checks.clear();
    this.parked.clear();
    this.upcoming.clear();
    this.ready.clear();
    this.overdue.clear();
  }

  private enqueue(check: DueCheck): void {
    this.checks.set(check.requestId, check);
    this.upcoming.push(check);
  }

  private unqueue(requestId: string): void {
    const check = this.checks.get(requestId);
    if (check === undefined) return;
    this.checks.delete(requestId);
    this.upcoming.remove(check);
    this.ready.remove(check);
    this.overdue.remove(check);
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
    while (this.inFlight.size < this.budget.maxConcurrent(this.clock.monotonic())) {
      const now = this.clock.monotonic();
      this.promoteDue(now);
      const dueAt = this.ready.size > 0 ? now : this.upcoming.peek()?.at;
      if (dueAt === undefined) return;
      const spacingMs = gapBetweenStarts(this.budget.requestsPerSecond(now));
      const startAt = Math.max(dueAt, this.lastStartAt + spacingMs, this.heldUntil);
      // Checks that settle at once pump again from a microtask: counted here, not per call.
      if (startAt > now || this.startsThisTurn >= STARTS_PER_TURN) {
        this.timer = this.clock.setTimeout(
          () => {
            this.timer = undefined;
            this.startsThisTurn = 0;
            this.pump();
          },
          Math.max(0, startAt - now),
        );
        return;
      }
      this.starts += 1;
      this.startsThisTurn += 1;
      const mostOverdue = this.starts % MOST_OVERDUE_EVERY === 0;
      this.start((mostOverdue ? this.overdue : this.ready).peek()!, now);
    }
  }

  /** Moves the checks due by `now` from the upcoming heap to the two heaps of due ones. */
  private promoteDue(now: number): void {
    for (let next = this.upcoming.peek(); next && next.at <= now; next = this.upcoming.peek()) {
      this.upcoming.pop();
      this.ready.push(next);
      this.overdue.push(next);
    }
  }

  private start(check: DueCheck, now: number): void {
    const { requestId } = check;
    this.unqueue(requestId);
    this.inFlight.set(requestId, check);
    check.startedAt = now;
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
        const next = this.parked.get(requestId);
        if (next && !this.disposed) {
          this.parked.delete(requestId);
          this.enqueue(next);
        }
        this.queuePump();
      })
      .catch((error: unknown) => this.onCheckError(requestId, error));
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

/**
 * The gap between two starts at this rate, in whole microseconds rounded up: 1000 / 3 ms is not
 * a float, and three gaps of its nearest one add up to a fraction short of a second, letting a
 * fourth start into an account's one-second window. A microsecond is nothing to the budget.
 */
function gapBetweenStarts(requestsPerSecond: number): number {
  return Math.ceil(1_000_000 / requestsPerSecond) / 1000;
}
