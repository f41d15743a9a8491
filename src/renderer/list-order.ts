// The order of the purges the list shows: their request IDs, sorted by `comparePurges`, with
// where each one is. A changed purge is found where it was placed and put where it belongs by
// binary search, never by sorting again; the index of places is rebuilt lazily, from the first
// place that changed. Pure (no DOM); the list renders from it.
import type { PurgeRequest } from '../shared/purge';
import { comparePurges } from './filter';

export class ListOrder {
  private ids: string[] = [];
  /** Where each shown purge is; right below `indexedUpTo`, rebuilt lazily above. */
  private readonly index = new Map<string, number>();
  private indexedUpTo = 0;

  get length(): number {
    return this.ids.length;
  }

  /** The request ID at place `at` (0-based), if there is one. */
  idAt(at: number): string | undefined {
    return this.ids[at];
  }

  /** Show exactly these IDs, in this order (already sorted). */
  reset(ids: string[]): void {
    this.ids = ids;
    this.index.clear();
    this.indexedUpTo = 0;
  }

  /** Where a shown purge is (undefined when it is not shown). */
  indexOf(requestId: string): number | undefined {
    let at = this.index.get(requestId);
    if (at !== undefined && at < this.indexedUpTo && this.ids[at] === requestId) return at;
    if (this.indexedUpTo < this.ids.length) {
      for (let i = this.indexedUpTo; i < this.ids.length; i++) this.index.set(this.ids[i]!, i);
      this.indexedUpTo = this.ids.length;
      at = this.index.get(requestId);
    }
    return at !== undefined && this.ids[at] === requestId ? at : undefined;
  }

  /**
   * Takes `out` off the order and puts `put` where they belong: one pass over the order and a
   * binary search per purge. `out` maps each purge to what it was when it was placed (the order
   * is sorted by those values); `current` gives every other placed purge as it is now. Returns
   * the first place that changed (the length before, when none did).
   */
  move(
    out: ReadonlyMap<string, PurgeRequest>,
    put: readonly PurgeRequest[],
    current: (requestId: string) => PurgeRequest,
  ): number {
    const ids = this.ids;
    let firstChange = ids.length;
    // Those taken out are still at their old places while the others are found, so each is
    // searched for by what it was then.
    const placedAs = (id: string) => out.get(id) ?? current(id);
    for (const [requestId, placed] of out) {
      const at = lowerBound(ids, placed, placedAs);
      if (ids[at] !== requestId) continue; // not shown (filtered out or hidden)
      ids.splice(at, 1);
      if (at < firstChange) firstChange = at;
    }
    for (const purge of put) {
      const at = lowerBound(ids, purge, current);
      ids.splice(at, 0, purge.requestId);
      if (at < firstChange) firstChange = at;
    }
    this.indexedUpTo = Math.min(this.indexedUpTo, firstChange);
    return firstChange;
  }
}

/** Whether a change can move a purge or take it in or out of the status or account filter. */
export function orderChanged(before: PurgeRequest, after: PurgeRequest): boolean {
  return (
    before.state !== after.state ||
    before.account !== after.account ||
    Boolean(before.accountLookup) !== Boolean(after.accountLookup) ||
    before.addedAt !== after.addedAt ||
    before.submittedAt !== after.submittedAt ||
    Boolean(before.lastError) !== Boolean(after.lastError)
  );
}

/** The first place in `ids` whose purge (as `valueOf` gives it) sorts at or after `purge`. */
function lowerBound(
  ids: readonly string[],
  purge: PurgeRequest,
  valueOf: (requestId: string) => PurgeRequest,
): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (comparePurges(valueOf(ids[mid]!), purge) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}
