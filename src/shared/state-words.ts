// The human words for each purge state, error kind and the other things every surface names
// (the key, the keychain, a purge on hold): one name per thing. Keyed by the union types where
// there is one, so a new state or kind fails typecheck until it has its words here. Each
// surface keeps its own words in one module that takes its names from here (the window:
// renderer/window-words.ts; the tray: main/tray/tray-words.ts; notifications:
// main/notifications/notification-words.ts; the CLI: cli/output.ts), and test/unit/words.test.ts lists them.
import type { LoginItemHold } from './ipc';
import type { ApiErrorKind, PurgeError, PurgeState } from './purge';

/** A state in a few lowercase words: "not found". */
export const STATE_WORDS: Readonly<Record<PurgeState, string>> = {
  pending: 'pending',
  completed: 'completed',
  not_found: 'not found',
  given_up: 'given up',
};

/**
 * The other things the surfaces name, each with its one name (lowercase; a surface capitalises
 * it where a sentence starts). A purge "retrying" is pending after a failed check; one "on hold"
 * is pending and waits for its account's private key.
 */
export const THING_WORDS = {
  retrying: 'retrying',
  onHold: 'on hold',
  key: 'private key',
  keychain: 'keychain',
  requestId: 'request ID',
  checking: 'checking',
} as const;

/**
 * Where the user turns on a login item the system holds back, as each system names the place
 * (the tray's note and the window's line under "Launch at login" both name it so).
 */
export const LOGIN_ITEM_PLACES: Readonly<Record<LoginItemHold, string>> = {
  'task-manager': 'Task Manager › Startup apps',
  approval: 'System Settings › General › Login Items',
  desktop: "your desktop's startup applications",
};

/**
 * Other words once used for those things, which no surface may use (a test searches every
 * surface's source for them). Product names ("GNOME Keyring") are not words for the thing.
 */
export const RETIRED_WORDS: Readonly<Record<string, readonly string[]>> = {
  [STATE_WORDS.not_found]: [
    'not checked any more',
    'does not know',
    'knows no purge',
    'has no purge with this ID.',
  ],
  [STATE_WORDS.given_up]: ['time ran out', 'stopped checking', 'stopped watching'],
  [THING_WORDS.key]: ['api key', 'the private one'],
  [THING_WORDS.keychain]: ['keyring', 'system keychain'],
  [THING_WORDS.checking]: ['polling', 'watching'],
};

/** An error kind in a few lowercase words, as the CLI shows it after a message. */
export const ERROR_KIND_WORDS: Readonly<Record<ApiErrorKind, string>> = {
  not_found: 'not found',
  auth: 'authentication failed',
  rate_limited: 'rate limited',
  transient: 'temporary failure',
  protocol: 'unexpected answer',
  rejected: 'rejected',
};

/** An error kind as the start of a plain sentence, as the window says it. */
export const ERROR_KIND_SENTENCES: Readonly<Record<ApiErrorKind, string>> = {
  not_found: 'ImageKit has no purge with this request ID',
  auth: `ImageKit refused the ${THING_WORDS.key}`,
  rate_limited: "ImageKit's rate limit was reached",
  transient: 'ImageKit could not be reached',
  protocol: 'ImageKit sent an answer Purge Watch does not understand',
  rejected: 'ImageKit refused the request',
};

/**
 * What went wrong, as the start of a sentence: a transient error that came with an HTTP status
 * was an answer from ImageKit (a 503), not a network that could not reach it.
 */
export function errorSentence(error: Pick<PurgeError, 'kind' | 'httpStatus'>): string {
  if (error.kind === 'transient' && error.httpStatus !== undefined) {
    return `ImageKit answered with an error (HTTP ${error.httpStatus})`;
  }
  return ERROR_KIND_SENTENCES[error.kind] ?? 'Something went wrong';
}

/** A submission whose answer was lost after it may have reached ImageKit (not sent again). */
export const MAY_HAVE_BEEN_SUBMITTED =
  'The purge may have been submitted all the same: it was not sent again (check before purging it again).';

/** "not found" → "Not found". */
export function capitalized(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1);
}
