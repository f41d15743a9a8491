// The human words for each purge state and error kind, keyed by the union types: a new state or
// kind fails typecheck until it has its words here. The tray menu, the window and the CLI word
// states and error kinds from this module (the window capitalises them).
import type { ApiErrorKind, PurgeState } from './purge';

/** A state in a few lowercase words: "not found". */
export const STATE_WORDS: Readonly<Record<PurgeState, string>> = {
  pending: 'pending',
  completed: 'completed',
  not_found: 'not found',
  given_up: 'given up',
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
  auth: 'ImageKit refused the private key',
  rate_limited: "ImageKit's rate limit was reached",
  transient: 'ImageKit could not be reached',
  protocol: 'ImageKit sent an answer Purge Watch does not understand',
  rejected: 'ImageKit refused the request',
};

/** A submission whose answer was lost after it may have reached ImageKit (not sent again). */
export const MAY_HAVE_BEEN_SUBMITTED =
  'The purge may have been submitted all the same: it was not sent again (check before purging it again).';

/** "not found" → "Not found". */
export function capitalized(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1);
}
