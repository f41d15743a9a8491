// Auto-update as the window and the tray both know it: the updater's state
// (main/update/update-policy.ts moves it), what the window is told of it, and the words both
// surfaces say it with (one word per thing). Pure; imports nothing of ours.

/** What the updater is doing, or has to offer. */
export type UpdateState =
  | { phase: 'idle' }
  | { phase: 'checking' }
  | { phase: 'downloading'; version: string }
  /** Downloaded and verified: installs when the user says so. */
  | { phase: 'downloaded'; version: string }
  /** A newer version the user downloads themselves (manual route). */
  | { phase: 'available'; version: string }
  | { phase: 'failed'; error: string };

/**
 * Every look has failed for this long (the feed down, the download refused): the tray and the
 * window say so. A day is four looks or more; one failed look says nothing, as a laptop offline
 * for an hour needs no word.
 */
export const FAILING_NOTICE_MS = 24 * 60 * 60_000;

const DAY = 24 * 60 * 60_000;

/**
 * Auto-update as the window is told of it. `route` is how this installation updates: by itself
 * ('self'), by the user from the release page ('manual', `why`), or not at all ('none', `why`:
 * run from sources, an rpm…). The versions in it were validated where the feed was read
 * (update-policy.ts's feedVersion); the feed's error text is never in it.
 */
export type UpdateStatus =
  | { route: 'none'; why: string }
  | {
      route: 'self' | 'manual';
      /** Why the user downloads a new version themselves (manual route). */
      why?: string;
      /** The updater's phase (its error text, the feed's words, is left out). */
      phase: UpdateState['phase'];
      /** The version downloading, downloaded or out (those phases only). */
      version?: string;
      /** The last look found nothing newer (phase idle). */
      upToDate?: boolean;
      /** Where the version out is downloaded by hand (manual route), when known. */
      releasePage?: string;
      /** When the looks that have failed since the last that worked began (checks on only). */
      failingSince?: number;
    };

/** The words for updates, on the tray and in the window. */
export const UPDATE_WORDS = {
  restart: 'Restart to update',
  checkNow: 'Check now',
  download: 'Download it…',
  /** Where the window's update line sits: a look is "a look for new versions". */
  checksOff: 'Looking for new versions is off',
} as const;

/** "Restart to update to 1.2.0": the tray's item. */
export function restartToUpdateTo(version: string): string {
  return `${UPDATE_WORDS.restart} to ${version}`;
}

/** "Purge Watch 1.2.0 is out". */
export function versionIsOut(version: string): string {
  return `Purge Watch ${version} is out`;
}

/** "Updates have failed for 2 days". */
export function updatesFailedFor(days: number): string {
  return `Updates have failed for ${days} ${days === 1 ? 'day' : 'days'}`;
}

/**
 * For how many whole days every look has failed, once that is FAILING_NOTICE_MS or more (then
 * the tray and the window say so); undefined before, or when the last look worked.
 */
export function failingDays(failingSince: number | undefined, now: number): number | undefined {
  if (failingSince === undefined) return undefined;
  const failing = now - failingSince;
  return failing >= FAILING_NOTICE_MS ? Math.floor(failing / DAY) : undefined;
}
