// The tray's words for several ImageKit accounts: each key problem and rate-limit hold on a line
// of its own, named with its account ("staging: key refused: …", "client-a: rate limited,
// waiting 3m"), and which accounts hold their purges now. Pure; only used when the menu names
// accounts (account-naming.ts).
import type { AccountApiError, TrackerStatus } from '../../shared/purge';
import { fitLabel, labelTime, minutesLeft } from './tray-menu-text';
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
    problem.auth === 'key_missing'
      ? fitLabel((name) => `⚠ ${name}: ${TRAY_WORDS.keyMissing}`, [[problem.account, 'end']])
      : fitLabel(
          (name, message) => `⚠ ${name}: ${TRAY_WORDS.keyRefused}: ${message}`,
          [
            [problem.account, 'end'],
            [problem.message, 'end'],
          ],
        ),
  );
  for (const hold of status.rateLimits ?? []) {
    if (hold.until <= now) continue;
    const wait = minutesLeft(hold.until - labelTime(now));
    notes.push(
      fitLabel((name) => `${name}: ImageKit rate limit, waiting ${wait}`, [[hold.account, 'end']]),
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
