// When a pending purge is checked next: a pure decision, tested as data.
//
// The goal is detection within a share of the purge's time to complete (with a floor), with as
// few status requests as that allows. If the last check at age `t` (time since the purge was
// submitted) still said Pending, the purge completes at some T > t, so checking again
// `pollInterval(t)` later meets the goal for every T: the gap grows with the purge's age, up to
// a cap. The first check comes `firstCheckAfterMs` after submission, unless this account's recent
// purges all took longer: then it comes just before the quickest of them would have completed
// (`learnedFirstCheckDelay`). Jitter only shortens a gap, and never below the shortest one.
//
// The numbers are `DEFAULT_SCHEDULE` below; what they are and why: docs/SCHEDULE.md ("The
// numbers", checked against these constants by test/docs/schedule-numbers.test.ts).

export interface ScheduleOptions {
  /** Shortest gap between two checks of one purge. */
  minIntervalMs: number;
  /** Gap as a fraction of the purge's age. */
  ageFraction: number;
  /** Longest gap between two checks of one purge. */
  maxIntervalMs: number;
  /** First check of a purge this long after it was submitted (if it was added before that). */
  firstCheckAfterMs: number;
  /**
   * How many recent completions the first check learns from (0: never learn). With fewer than
   * `MIN_LEARNING_SAMPLES` of them, the first check stays at `firstCheckAfterMs`.
   */
  learnFromRecent: number;
  /**
   * ... and every completion seen this long before the new purge's addition, when those are
   * more (a deploy's purges completing by the dozen): the more it learns from, the less likely
   * a new purge is quicker than all of them.
   */
  learnWindowMs: number;
  /** A purge still pending this long after submission (or resumption) is given up. */
  giveUpAfterMs: number;
  /**
   * Back-off after failures in a row starts here and doubles, up to `maxIntervalMs`
   * (../imagekit/retry-policy).
   */
  errorBackoffMs: number;
  /** Jitter shortens each gap by up to this fraction. */
  jitter: number;
}

export const DEFAULT_SCHEDULE: ScheduleOptions = {
  minIntervalMs: 5_000,
  ageFraction: 0.1,
  maxIntervalMs: 10 * 60_000,
  firstCheckAfterMs: 5_000,
  learnFromRecent: 40,
  learnWindowMs: 5 * 60_000,
  giveUpAfterMs: 24 * 60 * 60_000,
  errorBackoffMs: 5_000,
  jitter: 0.05,
};

/** The gap after a check of a purge of this age that still said Pending, before jitter. */
export function pollInterval(ageMs: number, options: ScheduleOptions = DEFAULT_SCHEDULE): number {
  const byAge = Math.max(0, ageMs) * options.ageFraction;
  return Math.min(options.maxIntervalMs, Math.max(options.minIntervalMs, byAge));
}

/** Completions needed before the first check learns from them. */
export const MIN_LEARNING_SAMPLES = 5;

/**
 * How long after submission to check a new purge first, given how long this account's recent
 * purges took (as seen on schedule; which ones: ./first-check-learner). Checks before the
 * quickest of them could have completed would only say Pending, so the first check comes at
 * 90 % of it (a duration seen on schedule exceeds the true one by at most one gap), never
 * before `firstCheckAfterMs`, never after `maxIntervalMs`.
 */
export function learnedFirstCheckDelay(
  recentDurationsMs: readonly number[],
  options: ScheduleOptions = DEFAULT_SCHEDULE,
): number {
  if (options.learnFromRecent <= 0 || recentDurationsMs.length < MIN_LEARNING_SAMPLES) {
    return options.firstCheckAfterMs;
  }
  let quickest = Number.POSITIVE_INFINITY;
  for (const duration of recentDurationsMs) quickest = Math.min(quickest, duration);
  quickest *= 0.9;
  return Math.min(options.maxIntervalMs, Math.max(options.firstCheckAfterMs, quickest));
}

/**
 * When to check a newly added purge first: `firstCheckDelayMs` after its submission, or at
 * once for an ID pasted after that (its ObjectId dates it).
 */
export function firstCheckAt(
  submittedAt: number,
  addedAt: number,
  firstCheckDelayMs: number = DEFAULT_SCHEDULE.firstCheckAfterMs,
): number {
  return Math.max(addedAt, submittedAt + firstCheckDelayMs);
}

/**
 * When to check again after a check at `now` that still said Pending (`backoffMs` = 0) or
 * failed (`backoffMs`: the retry policy's back-off, see ../imagekit/retry-policy). `random` is
 * in [0, 1).
 */
export function nextCheckAt(
  submittedAt: number,
  now: number,
  backoffMs: number,
  random: number,
  options: ScheduleOptions = DEFAULT_SCHEDULE,
): number {
  const gap = Math.max(pollInterval(now - submittedAt, options), backoffMs);
  // Jitter never shortens a gap below the shortest one: that would only add requests.
  return now + Math.round(Math.max(options.minIntervalMs, gap * (1 - options.jitter * random)));
}

/** The next check comes earlier by the time the last answer took, up to this share of the gap. */
export const ANSWER_TIME_SHARE = 0.1;

/**
 * When to check again after a check sent at `sentAt` said Pending, its answer arriving at
 * `answeredAt`. The purge may have completed the moment after the request left, and its
 * completion is only seen when the next answer arrives: so the gap runs from when this check was
 * sent, less the time its answer took (the next one's takes about as long), up to
 * `ANSWER_TIME_SHARE` of the gap; never before `answeredAt`. Counted from the answer instead,
 * the goal would be missed by up to two round trips.
 */
export function nextCheckAfterPending(
  submittedAt: number,
  sentAt: number,
  answeredAt: number,
  random: number,
  options: ScheduleOptions = DEFAULT_SCHEDULE,
): number {
  const due = nextCheckAt(submittedAt, sentAt, 0, random, options);
  const answerMs = Math.max(0, answeredAt - sentAt);
  const earlier = Math.min(answerMs, Math.round((due - sentAt) * ANSWER_TIME_SHARE));
  return Math.max(answeredAt, due - earlier);
}

/**
 * When a purge last seen pending at `seenPendingAt` would miss its detection goal if it completed
 * right after: max(min interval, age fraction × its age) later (5 s, 10 % by default, the goal).
 * A purge never checked could have completed at submission. Orders a backlog of due checks.
 */
export function detectionDeadline(
  submittedAt: number,
  seenPendingAt: number = submittedAt,
  options: ScheduleOptions = DEFAULT_SCHEDULE,
): number {
  const age = Math.max(0, seenPendingAt - submittedAt);
  return seenPendingAt + Math.max(options.minIntervalMs, options.ageFraction * age);
}

/** When a purge submitted (or resumed) at `since` is given up if still pending. */
export function giveUpAt(since: number, options: ScheduleOptions = DEFAULT_SCHEDULE): number {
  return since + options.giveUpAfterMs;
}
