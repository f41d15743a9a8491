// The fake's record of purges and when each one completes.

export type StatusSpelling = 'Completed' | 'Complete' | 'completed';

export interface PurgeScript {
  /** Milliseconds after it was added (or submitted) until the purge reads as completed.
   * 0: already complete. Infinity: never completes. */
  completeAfterMs: number;
}

interface Purge {
  addedAt: number;
  completeAfterMs: number;
}

export class PurgeBook {
  private readonly purges = new Map<string, Purge>();

  add(requestId: string, script: PurgeScript, now: number): void {
    if (!(script.completeAfterMs >= 0)) {
      throw new RangeError(`completeAfterMs must be 0, a positive number or Infinity.`);
    }
    this.purges.set(requestId, { addedAt: now, completeAfterMs: script.completeAfterMs });
  }

  has(requestId: string): boolean {
    return this.purges.has(requestId);
  }

  /** Makes a known purge complete from now on; false for an unknown ID. */
  complete(requestId: string, now: number): boolean {
    const purge = this.purges.get(requestId);
    if (!purge) return false;
    purge.completeAfterMs = Math.min(purge.completeAfterMs, Math.max(0, now - purge.addedAt));
    return true;
  }

  /** Whether the purge has completed at `now`, or undefined for an unknown ID. */
  isCompleted(requestId: string, now: number): boolean | undefined {
    const purge = this.purges.get(requestId);
    if (!purge) return undefined;
    return now - purge.addedAt >= purge.completeAfterMs;
  }
}
