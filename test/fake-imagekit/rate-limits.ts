// The fake's rate limits, as ImageKit describes its own: per endpoint, account-wide, possibly
// several on one endpoint (its example: 100 per second together with 1,000 per 15 minutes).
// Every answer advertises one rule in X-RateLimit-Limit / X-RateLimit-Interval; a request that
// finds any rule's window full is refused with 429 and X-RateLimit-Reset (ms to wait).
//
// How ImageKit counts is not published. The fake uses fixed windows: a rule's window opens at the
// first request after the previous one closed. A refused request is not counted. Which rule the
// headers name when there are several is not published either: the fake names the one that
// allows the fewest requests in the long run (the lowest limit / interval), and on a 429 the
// rule that refused it.
import type { Endpoint } from './fault-queue';

export interface RateLimitRule {
  /** Requests allowed per interval (X-RateLimit-Limit). */
  limit: number;
  /** The interval in milliseconds (X-RateLimit-Interval). */
  intervalMs: number;
}

/** Per endpoint, one rule or several at once. An endpoint left out keeps the default. */
export type RateLimits = Partial<Record<Endpoint, RateLimitRule | readonly RateLimitRule[]>>;

/**
 * ImageKit publishes no numbers. The default is generous enough that no test meets it by
 * accident; tests of rate limiting set their own.
 */
export const DEFAULT_RATE_LIMITS: Readonly<Record<Endpoint, readonly RateLimitRule[]>> = {
  status: [{ limit: 1_000, intervalMs: 1_000 }],
  submit: [{ limit: 1_000, intervalMs: 1_000 }],
};

export type Admission =
  | { admitted: true; headers: Record<string, string> }
  | { admitted: false; headers: Record<string, string>; resetMs: number };

interface Window {
  rule: RateLimitRule;
  openedAt: number;
  count: number;
}

export class RateLimiter {
  private readonly windows: Record<Endpoint, Window[]>;

  constructor(limits: RateLimits = {}) {
    const windowsOf = (endpoint: Endpoint): Window[] =>
      checkedRules(limits[endpoint] ?? DEFAULT_RATE_LIMITS[endpoint], endpoint).map((rule) => ({
        rule,
        openedAt: Number.NEGATIVE_INFINITY,
        count: 0,
      }));
    this.windows = { status: windowsOf('status'), submit: windowsOf('submit') };
  }

  /** The headers every answer from `endpoint` carries. */
  advertised(endpoint: Endpoint): Record<string, string> {
    return headersOf(this.advertisedRule(endpoint));
  }

  /** The advertised rule of `endpoint`: the lowest long-run rate. */
  advertisedRule(endpoint: Endpoint): RateLimitRule {
    return this.windows[endpoint]
      .map(({ rule }) => rule)
      .reduce((low, rule) =>
        rule.limit / rule.intervalMs < low.limit / low.intervalMs ? rule : low,
      );
  }

  /** Counts a request arriving at `now` (the fake's clock), or refuses it when a window is full. */
  admit(endpoint: Endpoint, now: number): Admission {
    const windows = this.windows[endpoint];
    // A window closed (or from the future: the fake's clock was set back) counts for nothing.
    const open = (window: Window): boolean =>
      now >= window.openedAt && now < window.openedAt + window.rule.intervalMs;
    const full = windows.filter((window) => open(window) && window.count >= window.rule.limit);
    if (full.length > 0) {
      // Wait for the last full window to close: only then would the request be admitted.
      const refusing = full.reduce((late, window) =>
        window.openedAt + window.rule.intervalMs > late.openedAt + late.rule.intervalMs
          ? window
          : late,
      );
      const resetMs = Math.max(1, Math.ceil(refusing.openedAt + refusing.rule.intervalMs - now));
      return {
        admitted: false,
        headers: { ...headersOf(refusing.rule), 'X-RateLimit-Reset': String(resetMs) },
        resetMs,
      };
    }
    for (const window of windows) {
      if (!open(window)) {
        window.openedAt = now;
        window.count = 0;
      }
      window.count += 1;
    }
    return { admitted: true, headers: this.advertised(endpoint) };
  }
}

function headersOf(rule: RateLimitRule): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(rule.limit),
    'X-RateLimit-Interval': String(rule.intervalMs),
  };
}

function checkedRules(
  rules: RateLimitRule | readonly RateLimitRule[],
  endpoint: Endpoint,
): RateLimitRule[] {
  const list = Array.isArray(rules) ? [...rules] : [rules as RateLimitRule];
  if (list.length === 0) throw new RangeError(`The ${endpoint} endpoint needs a rate limit.`);
  for (const { limit, intervalMs } of list) {
    if (!(Number.isInteger(limit) && limit >= 1 && Number.isFinite(intervalMs) && intervalMs > 0)) {
      throw new RangeError(
        `A rate limit is a whole number of requests (1 or more) per interval of more than 0 ms; got ${limit} per ${intervalMs} ms.`,
      );
    }
  }
  return list;
}
