// The window's words: what it calls each status, what a row says about it, how the header and
// the chips count, what the bulk actions report. The names of things come from
// shared/state-words.ts (one name per thing on every surface); test/unit/words.test.ts lists
// these against the tray's and the notifications'. Pure.
import type { LoginItemHold } from '../shared/ipc';
import type { PurgeState } from '../shared/purge';
import { capitalized, LOGIN_ITEM_PLACES, STATE_WORDS, THING_WORDS } from '../shared/state-words';
import type { UpdateStatus } from '../shared/update';
import { failingDays, UPDATE_WORDS, updatesFailedFor, versionIsOut } from '../shared/update';
import { VERSION } from '../shared/version';

/**
 * What a row shows as its status: the tracker's state, with two kinds of pending split out:
 * "retrying" (the last check failed) and "on hold" (its account's private key is missing or
 * refused, so it is not checked).
 */
export type StatusKind = PurgeState | 'retrying' | 'held';

/** The status words a row and a filter chip show. */
export const STATUS_WORDS: Readonly<Record<StatusKind, string>> = {
  pending: capitalized(STATE_WORDS.pending),
  retrying: capitalized(THING_WORDS.retrying),
  held: capitalized(THING_WORDS.onHold),
  completed: capitalized(STATE_WORDS.completed),
  not_found: capitalized(STATE_WORDS.not_found),
  given_up: capitalized(STATE_WORDS.given_up),
};

/** In the order the filter chips (and the header) show them. */
export const STATUS_KINDS: readonly StatusKind[] = [
  'pending',
  'retrying',
  'held',
  'completed',
  'not_found',
  'given_up',
];

/** The statuses still being worked on: the header counts these. */
const ACTIVE_KINDS: readonly StatusKind[] = ['pending', 'retrying', 'held'];

/** What a row says besides its status word, by what happened. */
export const ROW_WORDS = {
  /** Under "On hold" (where the row has room), and in its accessible name. */
  held: `waiting for its ${THING_WORDS.key}`,
  notFound: `ImageKit has no purge with this ${THING_WORDS.requestId}: check the ID and its account.`,
  givenUp: 'Still pending when checks ended: resume to check again.',
  resume: 'Resume to check again.',
  /** The last-checked column before the first check. */
  notCheckedYet: 'Not yet',
  soFar: 'so far',
  toComplete: 'to complete',
  withoutCompleting: 'without completing',
  longerThanUsual: 'longer than usual',
  lookingUp: 'looking up…',
} as const;

/**
 * Under "Start Purge Watch when I log in" when the system holds the login item back: what will
 * not happen, and where to turn it on (the place as the tray's note names it).
 */
export const LOGIN_ITEM_WORDS: Readonly<Record<LoginItemHold, string>> = {
  'task-manager': `Windows will not start Purge Watch at login: it is turned off in ${LOGIN_ITEM_PLACES['task-manager']}. Turn it on there.`,
  approval: `macOS will start Purge Watch at login once you allow it in ${LOGIN_ITEM_PLACES.approval}.`,
  desktop: `Your desktop will not start Purge Watch at login: it is turned off in ${LOGIN_ITEM_PLACES.desktop}. Turn it on there.`,
};

const NUMBER = new Intl.NumberFormat('en-US');

/** A count with thousands separators ("5,000"); one shared formatter (creating one is slow). */
export function formatCount(n: number): string {
  return n < 1_000 && n > -1_000 ? String(n) : NUMBER.format(n);
}

/** "1 purge", "5,000 purges". */
export function countPurges(n: number, kind = ''): string {
  const noun = n === 1 ? 'purge' : 'purges';
  return `${formatCount(n)} ${kind === '' ? noun : `${kind} ${noun}`}`;
}

/**
 * The header's line: how many purges are shown (of how many, when a filter hides some), and how
 * many are still being worked on, in the chips' words: "8 purges · 2 pending · 1 retrying",
 * "3 of 8 purges · 1 on hold".
 */
export function countsSummary(
  shown: Readonly<Record<StatusKind, number>>,
  shownCount: number,
  total: number,
): string {
  if (total === 0) return 'Nothing tracked yet';
  const parts = [
    shownCount < total
      ? `${formatCount(shownCount)} of ${countPurges(total)}`
      : countPurges(shownCount),
  ];
  for (const kind of ACTIVE_KINDS) {
    if (shown[kind] > 0)
      parts.push(`${formatCount(shown[kind])} ${STATUS_WORDS[kind].toLowerCase()}`);
  }
  return parts.join(' · ');
}

/** What "Clear completed" says it did: which purges, when a filter chose them. */
export function clearedWords(count: number, filtered: boolean): string {
  const what = countPurges(count, STATE_WORDS.completed);
  return filtered ? `${capitalized(what)} cleared (those shown).` : `${capitalized(what)} cleared.`;
}

/** What "Check all" says it does. */
export function checkingWords(count: number | undefined): string {
  return count === undefined
    ? 'Checking every pending purge now.'
    : `Checking the ${countPurges(count, STATE_WORDS.pending)} shown now.`;
}

/** What the update line in settings offers: a look now (busy while one runs), install, or a download. */
export type UpdateOffer = 'check' | 'busy' | 'install' | 'download' | 'none';

/** The update line in settings: what the updater is doing or has to offer, as the tray knows it. */
interface UpdateLine {
  text: string;
  /** Every look has failed for a day or more. */
  warning?: boolean;
  offer: UpdateOffer;
}

/**
 * The update line for `status` at `now`, with "Look for new versions" `checksOn`. The tray's
 * words (shared/update.ts) for what both say: a version out, a day of failed looks.
 */
export function updateLine(
  status: UpdateStatus,
  checksOn: boolean,
  now: number,
  version = VERSION,
): UpdateLine {
  if (status.route === 'none') {
    return {
      text: `This copy of Purge Watch does not update itself (${status.why}).`,
      offer: 'none',
    };
  }
  const off = `${UPDATE_WORDS.checksOff}.`;
  const { phase } = status;
  const offered = status.version ?? '';
  switch (phase) {
    case 'downloaded':
      return {
        text: `Purge Watch ${offered} is downloaded and ready to install.`,
        offer: 'install',
      };
    case 'available':
      return {
        text: `${versionIsOut(offered)}. This copy cannot install it itself${status.why ? ` (${status.why})` : ''}.`,
        offer: status.releasePage === undefined ? 'check' : 'download',
      };
    case 'downloading':
      return { text: `Downloading Purge Watch ${offered}…`, offer: 'busy' };
    case 'checking':
      return { text: 'Looking for a new version…', offer: 'busy' };
    case 'failed': {
      const days = failingDays(status.failingSince, now);
      if (days !== undefined) {
        return {
          text: `${updatesFailedFor(days)}: the log says why (tray menu → Help → Open log folder).`,
          warning: true,
          offer: 'check',
        };
      }
      const next = checksOn ? 'Purge Watch looks again in a few hours.' : off;
      return { text: `The last look for a new version failed. ${next}`, offer: 'check' };
    }
    case 'idle':
      if (status.upToDate) return { text: `Purge Watch ${version} is up to date.`, offer: 'check' };
      return {
        text: `Purge Watch ${version}. ${checksOn ? 'No look for a new version yet.' : off}`,
        offer: 'check',
      };
  }
}
