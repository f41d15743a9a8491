// How many status requests a second Purge Watch may spend: a share of what the account allows,
// learned from ImageKit's X-RateLimit-Limit / X-RateLimit-Interval, since the same account also
// serves the user's own API calls. Without those headers, the fixed budget. A 429 lowers the
// share at once (multiplicative decrease) and it comes back slowly, so two copies of Purge Watch
// on one account, or the user's scripts, settle without a storm of 429s. An advertised allowance
// below or above what any account plausibly allows is not obeyed (it would space checks by
// hours, or by more than a timer can wait; or send them back to back, past what a 429 can slow):
// it counts as no advertisement, and is reported. Pure: time comes in.
import { formatDuration } from '../../shared/format';
import { DEFAULT_SHARE } from '../../shared/settings';
import type { AdvertisedRateLimit } from '../imagekit/imagekit-answer';

export interface RequestBudget {
  /** Without rate-limit headers: status requests started per second (spaced evenly, no
   * bursts). With them, the floor after 429s (unless the share of the allowance is less). */
  maxRequestsPerSecond: number;
  /** Status requests in flight at once, at most. */
  maxConcurrent: number;
  /** The share of the account's advertised allowance to spend (0–1, default 0.5: the rest is
   * the user's). null: never learn, keep the fixed budget. */
  share?: number | null;
  /**
   * Which due check starts first when more are due than the budget allows: 'goal' (default) the
   * oldest purge (the widest goal window), then the nearest detection deadline; 'due' the one due
   * first, as a plain poller queues (the benchmark's fixed-interval baselines).
   */
  backlog?: 'goal' | 'due';
}

/**
 * ImageKit's limits are account-wide and unpublished: without its headers, 2 requests a second,
 * 2 at a time leaves nearly all of an account's budget to its production traffic.
 */
export const DEFAULT_BUDGET: RequestBudget = { maxRequestsPerSecond: 2, maxConcurrent: 2 };
/** After a 429 the share is multiplied by this ... */
const DECREASE = 0.5;
/** ... down to this factor at most, */
const LOWEST_FACTOR = 1 / 16;
/** ... and grows back by a tenth of the share every 30 s without one. */
const RECOVERY_STEP = 0.1;
const RECOVERY_STEP_MS = 30_000;
/**
 * The least allowance an answer's headers may advertise and be obeyed: one request every 10 s.
 * Below it a `status` of a dozen IDs would take minutes and a purge would be checked too rarely
 * for any detection goal (the schedule's shortest gap is 5 s), so such a figure is far likelier a
 * broken proxy's or a hostile server's than an account's (ImageKit's own example is 1,000 per
 * 15 minutes); a real lower limit still shows as 429s, which hold and slow the budget down.
 */
export const MIN_PLAUSIBLE_ALLOWANCE = 0.1;
/**
 * The most an answer's headers may advertise and be obeyed: 1,000 requests a second, ten times
 * ImageKit's own example of a limit (100 a second). Above it (an infinite rate from a limit of
 * 1e308 per 1e-300 ms), checks would go out back to back and a 429 could not slow them (half of
 * an infinite share is infinite): such a figure is a broken proxy's or a hostile server's.
 */
export const MAX_PLAUSIBLE_ALLOWANCE = 1000;
/** Whether an advertised allowance (requests a second) is one any account plausibly has. */
function plausible(requestsPerSecond: number): boolean {
  return (
    requestsPerSecond >= MIN_PLAUSIBLE_ALLOWANCE && requestsPerSecond <= MAX_PLAUSIBLE_ALLOWANCE
  );
}
function validShare(share: number | null | undefined): boolean {
  return share === undefined || share === null || (share > 0 && share <= 1);
}

/** Requests per second an advertisement allows. */
function perSecond(advertised: AdvertisedRateLimit): number {
  return (advertised.limit * 1000) / advertised.intervalMs;
}

/** Past this, an advertised gap between requests is said as "less than one request a year". */
const YEAR_MS = 365 * 24 * 3_600_000;

/** Why an advertised allowance outside MIN/MAX_PLAUSIBLE_ALLOWANCE is not obeyed, in words. */
export function ignoredRateLimitMessage(advertised: AdvertisedRateLimit): string {
  const perSecondAdvertised = perSecond(advertised);
  const ignored = 'it is ignored, and checks keep their own pace.';
  if (perSecondAdvertised > MAX_PLAUSIBLE_ALLOWANCE) {
    // A server may advertise 1e308 per 1e-300 ms: no figure means anything then either.
    const said =
      perSecondAdvertised > 1e6
        ? 'more than a million requests a second'
        : `${Math.round(perSecondAdvertised).toLocaleString('en-US')} requests a second`;
    return `ImageKit advertised a rate limit of ${said}, more than any account plausibly allows (${MAX_PLAUSIBLE_ALLOWANCE.toLocaleString('en-US')} a second): ${ignored}`;
  }
  const every = (requestsPerSecond: number) => formatDuration(1000 / requestsPerSecond);
  const gapMs = 1000 / perSecondAdvertised;
  // A server may advertise 1 per 1e300 ms: no figure of days means anything then.
  const rate =
    gapMs > YEAR_MS ? 'less than one request a year' : `one request every ${formatDuration(gapMs)}`;
  return `ImageKit advertised a rate limit of ${rate}, less than any account plausibly allows (one every ${every(MIN_PLAUSIBLE_ALLOWANCE)}): ${ignored}`;
}

export class LearnedBudget {
  private advertised: AdvertisedRateLimit | undefined;
  private implausible: AdvertisedRateLimit | undefined;
  private factor = 1;
  /** When the last 429 lowered the share (monotonic ms); it grows back from then. */
  private decreasedAt = Number.NEGATIVE_INFINITY;
  private readonly fixed: RequestBudget;

  constructor(fixed: RequestBudget) {
    if (
      !(fixed.maxRequestsPerSecond > 0) ||
      !(fixed.maxConcurrent >= 1) ||
      !validShare(fixed.share)
    ) {
      throw new RangeError(
        'The request budget needs at least one request per second and one at a time, and a share of the allowance above 0 and at most 1.',
      );
    }
    this.fixed = { ...fixed };
  }

  /** A new share of the allowance (a setting changed): applies from the next start on. */
  setShare(share: number | null | undefined): void {
    if (!validShare(share)) {
      throw new RangeError('The share of the allowance must be above 0 and at most 1.');
    }
    this.fixed.share = share;
  }

  /**
   * What an answer advertised (undefined: it sent no valid rate-limit headers). An allowance
   * below MIN_PLAUSIBLE_ALLOWANCE or above MAX_PLAUSIBLE_ALLOWANCE is ignored (`ignored` says
   * which) until a plausible one comes.
   */
  learn(advertised: AdvertisedRateLimit | undefined): void {
    if (advertised === undefined) return;
    if (!plausible(perSecond(advertised))) {
      this.implausible = advertised;
      return;
    }
    this.advertised = advertised;
    this.implausible = undefined;
  }

  /** The last advertisement ignored as implausible, until a plausible one replaces it. */
  get ignored(): AdvertisedRateLimit | undefined {
    return this.implausible;
  }

  /**
   * A 429 at `now` (monotonic ms), for a request started at `startedAt` when known: spend less
   * for a while. Once for the requests in flight together: a 429 for one started before the
   * last decrease is the same news, and a burst of them would otherwise cut the share to its
   * lowest at once.
   */
  rateLimited(now: number, startedAt?: number): void {
    if (startedAt !== undefined && startedAt < this.decreasedAt) return;
    this.factor = Math.max(LOWEST_FACTOR, this.factorAt(now) * DECREASE);
    this.decreasedAt = now;
  }

  /** The account's allowance in requests per second, once an answer has said it. */
  get allowancePerSecond(): number | undefined {
    return this.advertised && perSecond(this.advertised);
  }

  /**
   * Never more than the share of the advertised allowance; after 429s, never less than the fixed
   * rate unless the share itself is less (the reset hold does the waiting).
   */
  requestsPerSecond(now: number): number {
    const allowance = this.allowancePerSecond;
    const share = this.fixed.share === undefined ? DEFAULT_SHARE : this.fixed.share;
    if (allowance === undefined || share === null) return this.fixed.maxRequestsPerSecond;
    const ours = share * allowance;
    return Math.min(ours, Math.max(this.fixed.maxRequestsPerSecond, ours * this.factorAt(now)));
  }

  /**
   * In flight at once: the configured number, and once an allowance is learned, up to a second's
   * worth of the rate now when that is more. Answers that take time must not cap the rate below
   * the share: 2 in flight with answers of 400 ms are 5 requests a second, half of an account's
   * 20 a second's share. The rate still spaces the starts; a 429 finds at most a second's worth.
   */
  maxConcurrent(now: number): number {
    if (this.allowancePerSecond === undefined || this.fixed.share === null) {
      return this.fixed.maxConcurrent;
    }
    return Math.max(this.fixed.maxConcurrent, Math.ceil(this.requestsPerSecond(now)));
  }

  private factorAt(now: number): number {
    if (this.factor >= 1) return 1;
    const steps = Math.floor(Math.max(0, now - this.decreasedAt) / RECOVERY_STEP_MS);
    return Math.min(1, this.factor + steps * RECOVERY_STEP);
  }
}
