// The tray's words for several ImageKit accounts: each key problem and rate-limit hold on a line
// of its own, named with its account ("staging: key refused: …", "client-a: rate limited,
// waiting 3m"), and which accounts hold their purges now. Pure; only used when the menu names
// accounts (account-naming.ts).
import type { AccountApiError, TrackerStatus } from '../../shared/purge';
import { clip, labelTime, MAX_NOTE, minutesLeft } from './tray-menu-text';
import { TRAY_WORDS } from './tray-words';

/** Every account whose key is missing or refused, in lookup order. */
export function authProblemsOf(status: TrackerStatus): AccountApiError[] {
  return status.authProblems ?? [];
}

/** A key problem in a few words: no usable key to send, or ImageKit refused it. */
export function keyProblemWords(problem: AccountApiError): string {
  return problem.auth === 'key_missing' ? TRAY_WORDS.keyMissing : TRAY_WORDS.keyRefused;
}

/** The lines naming each account's key problem and rate-limit hold. */
export function accountNotes(status: TrackerStatus, now: number): string[] {
  const notes = authProblemsOf(status).map((problem) =>
    clip(
      problem.auth === 'key_missing'
        ? `⚠ ${problem.account}: ${TRAY_WORDS.keyMissing}`
        : `⚠ ${problem.account}: ${TRAY_WORDS.keyRefused}: ${problem.message}`,
      MAX_NOTE,
    ),
  );
  for (const hold of status.rateLimits ?? []) {
    if (hold.until <= now) continue;
    notes.push(
      `${hold.account}: ImageKit rate limit, waiting ${minutesLeft(hold.until - labelTime(now))}`,
    );
  }
  return notes;
}

/** The accounts whose purges cannot be checked now: a key problem, or a rate-limit hold. */
export function heldAccounts(status: TrackerStatus, now: number): Set<string> {
  const held = new Set(authProblemsOf(status).map((problem) => problem.account));
  for (const hold of status.rateLimits ?? []) if (hold.until > now) held.add(hold.account);
  return held;
}
