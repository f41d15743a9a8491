// An in-process stand-in for the ImageKit status API, on a virtual clock: purges complete at
// scripted times, each call is recorded, and outcomes can be overridden per call. Used by the
// engine's unit tests and by the detection benchmark (real HTTP is tested against the fake server).
import type { ApiError } from '../../src/shared/purge';
import type { Clock } from '../../src/core/clock';
import type { PurgeStatusApi, StatusOutcome, SubmitOutcome } from '../../src/core/imagekit-client';

export interface SimulatedCall {
  requestId: string;
  at: number;
}

export class SimulatedImageKit implements PurgeStatusApi {
  readonly calls: SimulatedCall[] = [];
  /** Purge submissions, with when they were made. */
  readonly submissions: Array<{ url: string; at: number }> = [];
  /** Answer latency in virtual ms. */
  latencyMs = 0;
  private readonly completesAt = new Map<string, number>();
  private readonly overrides: Array<{ requestId?: string; error: ApiError }> = [];
  private readonly submitOverrides: ApiError[] = [];
  private nextSerial = 1;

  constructor(private readonly clock: Clock) {}

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
    this.calls.push({ requestId, at: this.clock.now() });
    if (this.latencyMs > 0) {
      await new Promise<void>((resolve) => this.clock.setTimeout(resolve, this.latencyMs));
    }
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
    const error = this.submitOverrides.shift();
    if (error) return { ok: false, error };
    const requestId = (this.nextSerial++).toString(16).padStart(24, 'a');
    this.completesAt.set(requestId, this.clock.now() + 30_000);
    return { ok: true, requestId };
  }
}

/** A 24-hex request ID whose ObjectId time is `epochMs` and whose tail is `serial`. */
export function requestIdAt(epochMs: number, serial: number): string {
  const seconds = Math.floor(epochMs / 1000)
    .toString(16)
    .padStart(8, '0');
  return seconds + serial.toString(16).padStart(16, '0');
}
