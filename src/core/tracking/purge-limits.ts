// How many purges are tracked at once, and how long finished ones stay listed.
import type { PurgeRequest, RejectedInput } from '../../shared/purge';

/** Pruning looks at every purge: once per this many settlements is plenty. */
export const PRUNE_EVERY_SETTLEMENTS = 100;

/** The finished purges (completed, not found, given up) that finished before `cutoff`. */
export function finishedBefore(purges: Iterable<PurgeRequest>, cutoff: number): string[] {
  return [...purges]
    .filter(
      (p) => p.state !== 'pending' && (p.completedAt ?? p.lastCheckedAt ?? p.addedAt) < cutoff,
    )
    .map((p) => p.requestId);
}

/** What is said for `count` IDs (at least 1) refused because `maxTracked` are tracked already. */
export function overCeiling(count: number, maxTracked: number): RejectedInput {
  return {
    text: count === 1 ? '1 request ID' : `${count} request IDs`,
    reason: `not tracked: Purge Watch tracks at most ${maxTracked.toLocaleString('en-US')} purges at once; remove finished ones to add more`,
  };
}
