// Chaos mode: every request may meet a fault, at configurable rates, drawn from a seeded random so
// a failing run can be replayed. 429s come in storms: a run of consecutive reset windows during
// which every request is refused again (as a real rate limiter would), each announced with
// X-RateLimit-Reset.
import type { FaultKind } from './fault-queue';
import { seededRandom } from '../support/seeded-random';

export interface ChaosRates {
  /** The socket is destroyed without an answer. */
  reset?: number;
  /** Never answered (the client's timeout must end it). */
  hang?: number;
  /** 500, 502, 503 or 504 with a JSON error body. */
  serverError?: number;
  /** A 429 storm begins. */
  rateLimitStorm?: number;
  /** 200 with a body that is not the JSON expected: an HTML page or JSON cut short. */
  malformed?: number;
}

export interface ChaosOptions {
  /** Seed of the random draws (mulberry32). */
  seed: number;
  /** Chance per request of each fault, 0–1; they add up (at most 1). */
  rates: ChaosRates;
  /** Length of one reset window in ms, drawn between these. Default [200, 1000]. */
  resetMs?: [number, number];
  /** Consecutive reset windows in one storm, drawn between these. Default [1, 3]. */
  stormWindows?: [number, number];
}

/** What the chaos decided for one request. */
export interface ChaosFault {
  kind: FaultKind;
  /** server_error: the 5xx status. */
  status?: number;
  /** rate_limited: X-RateLimit-Reset in ms. */
  resetMs?: number;
  /** rate_limited: the request arrived inside a reset window already announced. */
  insideResetWindow?: boolean;
}

const SERVER_ERRORS = [500, 502, 503, 504];
const MALFORMED: FaultKind[] = ['html', 'truncated'];

export class Chaos {
  private readonly random: () => number;
  private readonly options: Required<ChaosOptions>;
  private windowUntil = Number.NEGATIVE_INFINITY;
  private windowsLeft = 0;

  constructor(options: ChaosOptions) {
    const total = Object.values(options.rates).reduce((sum, rate) => sum + (rate ?? 0), 0);
    if (Object.values(options.rates).some((rate) => !(rate === undefined || rate >= 0))) {
      throw new RangeError('Chaos rates must be 0 or more.');
    }
    if (total > 1) throw new RangeError('Chaos rates add up to more than 1.');
    this.options = { resetMs: [200, 1_000], stormWindows: [1, 3], ...options };
    this.random = seededRandom(options.seed);
  }

  /** The fault for a request arriving at `now` (the fake's clock), or undefined to answer normally. */
  decide(now: number): ChaosFault | undefined {
    if (now < this.windowUntil) {
      return { kind: 'rate_limited', resetMs: this.windowUntil - now, insideResetWindow: true };
    }
    if (this.windowsLeft > 0) {
      this.windowsLeft -= 1;
      return this.openWindow(now);
    }
    const {
      reset = 0,
      hang = 0,
      serverError = 0,
      rateLimitStorm = 0,
      malformed = 0,
    } = this.options.rates;
    let draw = this.random();
    if ((draw -= reset) < 0) return { kind: 'reset' };
    if ((draw -= hang) < 0) return { kind: 'hang' };
    if ((draw -= serverError) < 0) {
      return { kind: 'server_error', status: this.pick(SERVER_ERRORS) };
    }
    if ((draw -= rateLimitStorm) < 0) {
      this.windowsLeft = this.between(this.options.stormWindows) - 1;
      return this.openWindow(now);
    }
    if ((draw -= malformed) < 0) return { kind: this.pick(MALFORMED) };
    return undefined;
  }

  private openWindow(now: number): ChaosFault {
    const resetMs = this.between(this.options.resetMs);
    this.windowUntil = now + resetMs;
    return { kind: 'rate_limited', resetMs };
  }

  private between([low, high]: [number, number]): number {
    return Math.round(low + this.random() * (high - low));
  }

  private pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.random() * values.length)]!;
  }
}
