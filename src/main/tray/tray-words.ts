// The tray's words: what its menu calls each state, a purge on hold, the key and checking. The
// names of things come from shared/state-words.ts (one name per thing on every surface);
// test/unit/words.test.ts lists these against the window's and the notifications'. Pure.
import type { LoginItemHold } from '../../shared/ipc';
import type { PurgeState } from '../../shared/purge';
import { capitalized, LOGIN_ITEM_PLACES, STATE_WORDS, THING_WORDS } from '../../shared/state-words';

/** What a purge's line shows: its state, or "on hold" for a pending one waiting for its key. */
type TrayPurgeKind = PurgeState | 'held';

/** The mark before a purge's line: one shape per kind (a pause for on hold, as the window). */
export const TRAY_MARKS: Readonly<Record<TrayPurgeKind, string>> = {
  pending: '⏳',
  held: '⏸',
  completed: '✓',
  not_found: '⚠',
  given_up: '⏹',
};

/** A purge's kind in the menu's words. */
export const TRAY_KIND_WORDS: Readonly<Record<TrayPurgeKind, string>> = {
  ...STATE_WORDS,
  held: THING_WORDS.onHold,
};

const KEY = capitalized(THING_WORDS.key);

export const TRAY_WORDS = {
  keyItem: `${KEY}…`,
  keyItemNotSet: `${KEY}… (not set)`,
  keyItemFromEnvironment: `${KEY}… (from IMAGEKIT_PRIVATE_KEY)`,
  noKeyNote: `⚠ No ${THING_WORDS.key}: choose "${KEY}…"`,
  keyMissing: `${THING_WORDS.key} missing`,
  keyRefused: `${THING_WORDS.key} refused`,
  checkAll: 'Check all now',
  pause: `Pause ${THING_WORDS.checking}`,
  resume: `Resume ${THING_WORDS.checking}`,
  waitsForKey: `${capitalized(THING_WORDS.checking)} waits for a ${THING_WORDS.key}`,
  paused: `${capitalized(THING_WORDS.checking)} paused`,
  pausedOffline: `${capitalized(THING_WORDS.checking)} paused: offline`,
  pausedAsleep: `${capitalized(THING_WORDS.checking)} paused: the computer is asleep`,
  resumePurge: `Resume ${THING_WORDS.checking}`,
  givenUpDetail: 'Still pending when checks ended',
  heldDetail: `Waiting for its ${THING_WORDS.key}`,
} as const;

/** The note under "Launch at login" when the system holds it back (short: a menu line). */
export const TRAY_LOGIN_ITEM_WORDS: Readonly<Record<LoginItemHold, string>> = {
  'task-manager': `Off in ${LOGIN_ITEM_PLACES['task-manager']}: Windows will not start it`,
  approval: `Waiting for your approval: ${LOGIN_ITEM_PLACES.approval}`,
  desktop: `Off in ${LOGIN_ITEM_PLACES.desktop}: it will not start at login`,
};
