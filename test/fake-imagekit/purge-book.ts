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
  /** The URL purged, when it was submitted (seeded purges have none). */
  url?: string;
}

/** A purge of a URL that has completed: the fake CDN drops what it cached before `completedAt`. */
export interface CompletedUrl {
  url: string;
  completedAt: number;
}

export class PurgeBook {
  private readonly purges = new Map<string, Purge>();

  add(requestId: string, script: PurgeScript, now: number, url?: string): void {
    if (!(script.completeAfterMs >= 0)) {
      throw new RangeError(`completeAfterMs must be 0, a positive number or Infinity.`);
    }
    this.purges.set(requestId, {
      addedAt: now,
      completeAfterMs: script.completeAfterMs,
      ...(url === undefined ? {} : { url }),
    });
  }

  /** The URLs whose purge has completed by `now`, with when. */
  completedUrls(now: number): CompletedUrl[] {
    const completed: CompletedUrl[] = [];
    for (const purge of this.purges.values()) {
      const completedAt = purge.addedAt + purge.completeAfterMs;
      if (purge.url !== undefined && completedAt <= now) {
        completed.push({ url: purge.url, completedAt });
      }
    }
    return completed;
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
