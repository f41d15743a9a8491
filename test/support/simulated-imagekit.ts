// An in-process stand-in for the ImageKit status API, on a virtual clock: purges complete at
// scripted times, each call is recorded, and outcomes can be overridden per call. Used by the
// engine's unit tests and by the detection benchmark (real HTTP is tested against the fake server).
// Given an account limit, it advertises it on every answer and answers 429 past it, as ImageKit
// does (the fake server's rate limiter, on the virtual clock).
import type { ApiError } from '../../src/shared/purge';
import { RateLimiter } from '../fake-imagekit/rate-limits';
import type { RateLimitRule } from '../fake-imagekit/rate-limits';
import type { Clock } from '../../src/core/clock';
import type { PurgeStatusApi } from '../../src/core/imagekit/imagekit-client';
import type { StatusOutcome, SubmitOutcome } from '../../src/core/imagekit/imagekit-answer';

export interface SimulatedCall {
  requestId: string;
  at: number;
  /** Answered 429: over the account's limit. */
  refused?: true;
}

export class SimulatedImageKit implements PurgeStatusApi {
  readonly calls: SimulatedCall[] = [];
  /** Purge submissions, with when they were made. */
  readonly submissions: Array<{ url: string; at: number }> = [];
  /** Answer latency in virtual ms. */
  latencyMs = 0;
  /**
   * When within that latency the server reads the purge's state: 1 (default) as it answers, the
   * best case for a poller; 0.5 halfway, as on a network whose two ways take as long.
   */
  looksAt = 1;
  private readonly completesAt = new Map<string, number>();
  private readonly overrides: Array<{ requestId?: string; error: ApiError }> = [];
  private readonly submitOverrides: ApiError[] = [];
  private nextSerial = 1;
  /** 429s answered (status and submit). */
  rateLimited = 0;
  private readonly limiter: RateLimiter | undefined;
  private readonly advertised: { limit: number; intervalMs: number } | undefined;

  /** `account`: the account's rate limit (both endpoints); without it, no rate-limit headers. */
  constructor(
    private readonly clock: Clock,
    account?: RateLimitRule,
  ) {
    if (account) {
      this.limiter = new RateLimiter({ status: account, submit: account });
      this.advertised = { limit: account.limit, intervalMs: account.intervalMs };
    }
  }

  /** Counts the call against the account's limit: a 429 outcome past it. */
  private admit(endpoint: 'status' | 'submit'): { ok: false; error: ApiError } | undefined {
    const admission = this.limiter?.admit(endpoint, this.clock.now());
    if (admission === undefined || admission.admitted) return undefined;
    this.rateLimited += 1;
    return {
      ok: false,
      error: {
        kind: 'rate_limited',
        message: 'You have exceeded the rate limit. Please try again later.',
        httpStatus: 429,
        resetMs: admission.resetMs,
      },
    };
  }

  private advertise<T extends StatusOutcome | SubmitOutcome>(outcome: T): T {
    return this.advertised ? { ...outcome, rateLimit: this.advertised } : outcome;
  }

  /** A purge that completes at `completesAt` (epoch ms; Infinity = never). */
  addPurge(requestId: string, completesAt: number): void {
    this.completesAt.set(requestId, completesAt);
  }

  /** The next call (for this ID, or any) answers with this error instead. */
  failNext(error: ApiError, requestId?: string): void {
    this.overrides.push({ requestId, error });
  }

  /** The next submission answers with this error instead. */
  failSubmitNext(error: ApiError): void {
    this.submitOverrides.push(error);
  }

  callsFor(requestId: string): SimulatedCall[] {
    return this.calls.filter((call) => call.requestId === requestId);
  }

  async getPurgeStatus(requestId: string): Promise<StatusOutcome> {
    return this.advertise(await this.answerStatus(requestId));
  }

  private async answerStatus(requestId: string): Promise<StatusOutcome> {
    const call: SimulatedCall = { requestId, at: this.clock.now() };
    this.calls.push(call);
    const refused = this.admit('status');
    if (refused) {
      call.refused = true;
      return refused;
    }
    if (this.latencyMs <= 0) return this.statusNow(requestId);
    const before = Math.round(this.latencyMs * this.looksAt);
    if (before > 0) await this.wait(before);
    const outcome = this.statusNow(requestId);
    if (this.latencyMs > before) await this.wait(this.latencyMs - before);
    return outcome;
  }

  private wait(ms: number): Promise<void> {
    return new Promise<void>((resolve) => this.clock.setTimeout(resolve, ms));
  }

  private statusNow(requestId: string): StatusOutcome {
    const index = this.overrides.findIndex(
      (o) => o.requestId === undefined || o.requestId === requestId,
    );
    if (index >= 0) {
      const [override] = this.overrides.splice(index, 1);
      return { ok: false, error: override!.error };
    }
    const completesAt = this.completesAt.get(requestId);
    if (completesAt === undefined) {
      return {
        ok: false,
        error: {
          kind: 'not_found',
          message: 'No request found for this requestId.',
          httpStatus: 400,
        },
      };
    }
    const completed = this.clock.now() >= completesAt;
    return { ok: true, status: completed ? 'Completed' : 'Pending', completed };
  }

  async submitPurge(url: string): Promise<SubmitOutcome> {
    this.submissions.push({ url, at: this.clock.now() });
    const refused = this.admit('submit');
    if (refused) return this.advertise(refused);
    const error = this.submitOverrides.shift();
    if (error) return this.advertise({ ok: false, error });
    const requestId = (this.nextSerial++).toString(16).padStart(24, 'a');
    this.completesAt.set(requestId, this.clock.now() + 30_000);
    return this.advertise({ ok: true, requestId });
  }
}

/** A 24-hex request ID whose ObjectId time is `epochMs` and whose tail is `serial`. */
export function requestIdAt(epochMs: number, serial: number): string {
  const seconds = Math.floor(epochMs / 1000)
    .toString(16)
    .padStart(8, '0');
  return seconds + serial.toString(16).padStart(16, '0');
}
