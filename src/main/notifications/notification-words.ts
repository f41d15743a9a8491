// The notifications' words: their titles for each outcome and for the key, and the sentences a
// body ends with. The names of things come from shared/state-words.ts (one name per thing on
// every surface); test/unit/words.test.ts lists these against the window's and the tray's. Pure.
import {
  capitalized,
  ERROR_KIND_SENTENCES,
  STATE_WORDS,
  THING_WORDS,
} from '../../shared/state-words';
import { APP_NAME } from '../desktop/app-identity';

const KEY = capitalized(THING_WORDS.key);
const CHOOSE_KEY = `choose "${KEY}…" in the ${APP_NAME} menu`;

/** "Purge not found", "3 purges given up". */
export function outcomeTitle(state: 'completed' | 'not_found' | 'given_up', count: number): string {
  const words = STATE_WORDS[state];
  return count === 1 ? `Purge ${words}` : `${count} purges ${words}`;
}

export const NOTIFICATION_WORDS = {
  notFound: `${ERROR_KIND_SENTENCES.not_found}.`,
  keyNeeded: `${KEY} needed`,
  keyRefused: `${KEY} refused`,
  /** With several accounts, after "staging: ". */
  accountKeyNeeded: `${THING_WORDS.key} needed`,
  accountKeyRefused: 'ImageKit refused the key',
  onHold: `${capitalized(THING_WORDS.checking)} is on hold until you set the key: ${CHOOSE_KEY}.`,
} as const;

/** A given-up purge's body line. */
export function givenUpWords(pendingFor: string): string {
  return `Still pending after ${pendingFor}. Resume it from the menu or the window.`;
}

/** With several accounts: whose purges wait. */
export function accountOnHoldWords(account: string): string {
  return `${capitalized(THING_WORDS.checking)} the purges of ${account} is on hold until you set its key: ${CHOOSE_KEY}.`;
}
