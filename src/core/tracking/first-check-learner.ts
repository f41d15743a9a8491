// What the first check of a new purge learns from this account's past purges, and what a
// completion teaches: the durations of purges followed from their submission, or from the first
// Pending seen of one whose submission time is known (an ID pasted late: it took at least that
// long), as seen on schedule, recorded in the DurationHistory. A purge found already completed
// at its first check when that came late, one of unknown submission time, or one loaded from the
// store is not recorded: its age says nothing about how long purges take.
import type { CompletedDuration, DurationHistory } from '../storage/duration-history';
import type { ScheduleOptions } from './poll-schedule';
import { learnedFirstCheckDelay, pollInterval } from './poll-schedule';

/**
 * A purge found complete at its first check took at most that long, perhaps far less: it is
 * learned as this share of it, so first checks come forward quickly when purges get quicker
 * (10 min to 10 s in 8 purges) without overreacting to one just under the learned delay.
 */
const QUICK_FIRST_CHECK_SHARE = 0.7;

export class FirstCheckLearner {
  /** Age at the last Pending answer, per pending purge followed (undefined: none yet). */
  private readonly following = new Map<string, number | undefined>();
  /** Purges added after their first check was due: followed from their first Pending answer. */
  private readonly late = new Set<string>();

  constructor(
    private readonly history: DurationHistory,
    private readonly schedule: ScheduleOptions,
    /** Whose purges it learns from (each account is its own); follows a rename. */
    public account: string,
  ) {}

  /**
   * The last answer of firstCheckDelay and what it was computed from: a paste of thousands asks
   * once per purge at one `now`, against a history that has not changed in between.
   */
  private lastDelay:
    | {
        now: number;
        completions: readonly CompletedDuration[];
        newest: CompletedDuration | undefined;
        delay: number;
      }
    | undefined;

  /** How long after submission to check a new purge added at `now` first. */
  firstCheckDelay(now: number): number {
    const completions = this.history.completionsOf(this.account);
    const newest = completions.at(-1);
    const last = this.lastDelay;
    if (last?.now === now && last.completions === completions && last.newest === newest) {
      return last.delay;
    }
    const delay = learnedFirstCheckDelay(
      this.recent(completions, now).map(learnedDuration),
      this.schedule,
    );
    this.lastDelay = { now, completions, newest, delay };
    return delay;
  }

  /**
   * What the first check learns from: the last `learnFromRecent` completions, or every one seen
   * within `learnWindowMs` before `now` when those are more (during a deploy).
   */
  private recent(all: readonly CompletedDuration[], now: number): readonly CompletedDuration[] {
    const since = now - this.schedule.learnWindowMs;
    let from = Math.max(0, all.length - this.schedule.learnFromRecent);
    while (from > 0 && seenAt(all[from - 1]!) >= since) from -= 1;
    return all.slice(from);
  }

  /**
   * A purge was added at `now`; its first check comes `firstDelay` after submission. It is
   * followed from submission when that check is still ahead; else, when its submission time is
   * known (`dated`: from the ID, or submitted here), from its first Pending answer.
   */
  added(
    requestId: string,
    submittedAt: number,
    now: number,
    firstDelay: number,
    dated: boolean,
  ): void {
    if (submittedAt + firstDelay >= now) this.following.set(requestId, undefined);
    else if (dated) this.late.add(requestId);
  }

  /** A check at this age said Pending. */
  sawPending(requestId: string, age: number): void {
    if (this.late.delete(requestId) || this.following.has(requestId)) {
      this.following.set(requestId, age);
    }
  }

  /**
   * A check at `age` found the purge completed: record how long it took, as seen on schedule.
   * A check delayed past its gap (a saturated budget, sleep, a pause) does not make the purge
   * look slower than one on time would have.
   */
  completed(
    requestId: string,
    purge: { submittedAt: number; url?: string },
    age: number,
  ): CompletedDuration | undefined {
    this.late.delete(requestId);
    if (!this.following.has(requestId)) return undefined;
    const pendingAge = this.following.get(requestId);
    this.following.delete(requestId);
    const completion: CompletedDuration = {
      submittedAt: purge.submittedAt,
      durationMs:
        pendingAge === undefined
          ? age
          : Math.min(age, pendingAge + pollInterval(pendingAge, this.schedule)),
      submittedHere: purge.url !== undefined,
      requestId,
    };
    if (pendingAge === undefined) completion.atFirstCheck = true;
    this.history.record(completion, this.account);
    return completion;
  }

  /** The purge is no longer pending (removed, failed): stop following it. */
  forget(requestId: string): void {
    this.following.delete(requestId);
    this.late.delete(requestId);
  }
}

/** When the completion was seen (epoch ms). */
const seenAt = (completion: CompletedDuration) => completion.submittedAt + completion.durationMs;

/** What the first check learns from a completion: an upper bound only counts for a share. */
function learnedDuration(completion: CompletedDuration): number {
  return completion.atFirstCheck
    ? completion.durationMs * QUICK_FIRST_CHECK_SHARE
    : completion.durationMs;
}
