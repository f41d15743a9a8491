// One tracked purge's record, outside the state machine that moves it (./tracker): how a record
// starts, how it is handed out (a copy: no caller can change the tracker's own), and how its
// times follow a wall clock that was set back.
import type { PurgeRequest } from '../../shared/purge';
import { plausibleSubmissionTime } from '../input/request-id';

/**
 * A pending purge added at `now`. One this app submitted (`url`) was submitted now; a pasted ID
 * is dated by the time inside it when that is plausible, else by `now`.
 */
export function newPurge(requestId: string, now: number, url?: string): PurgeRequest {
  const purge: PurgeRequest = {
    requestId,
    state: 'pending',
    status: '',
    submittedAt: url ? now : (plausibleSubmissionTime(requestId, now) ?? now),
    addedAt: now,
    checks: 0,
  };
  if (url) purge.url = url;
  return purge;
}

export function copyPurge(purge: PurgeRequest): PurgeRequest {
  const result = { ...purge };
  if (purge.lastError) result.lastError = { ...purge.lastError };
  if (purge.before) result.before = { ...purge.before };
  if (purge.freshness) {
    result.freshness = { ...purge.freshness };
    if (purge.freshness.seen) result.freshness.seen = { ...purge.freshness.seen };
  }
  return result;
}

/**
 * The wall clock was set back since this purge was last looked at: move its times back by as
 * much, so its age (which sets the polling gap and the give-up deadline) and its duration stay
 * true instead of starting over.
 */
export function rebaseAfterClockSetBack(purge: PurgeRequest, now: number): void {
  const back = (purge.lastCheckedAt ?? purge.addedAt) - now;
  if (back <= 0) return;
  purge.submittedAt -= back;
  purge.addedAt -= back;
  if (purge.resumedAt !== undefined) purge.resumedAt -= back;
  if (purge.lastCheckedAt !== undefined) purge.lastCheckedAt -= back;
}
