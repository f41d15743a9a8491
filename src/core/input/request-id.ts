// What a purge request ID is: a MongoDB ObjectId, 24 hex characters (canonically lowercase)
// whose first 4 bytes are the submission time in seconds. Finding IDs in a paste is
// `request-ids.ts`'s job; this module only knows one ID.

export const REQUEST_ID_LENGTH = 24;
/** How far a decoded submission time may lie in the future (clock skew) and still count. */
const CLOCK_SKEW_ALLOWANCE_MS = 2 * 60_000;
const DEFAULT_MAX_SUBMISSION_AGE_MS = 30 * 24 * 60 * 60_000;

const ID_TEXT = new RegExp(`^[0-9a-f]{${REQUEST_ID_LENGTH}}$`, 'i');

/** Is this 24 hex characters, in any case (a request ID before it is lowercased)? */
export function isRequestIdText(text: string): boolean {
  return typeof text === 'string' && ID_TEXT.test(text);
}

/** Is this a request ID in its canonical form: exactly 24 lowercase hex characters? */
export function isRequestId(text: string): boolean {
  return isRequestIdText(text) && text === text.toLowerCase();
}

/**
 * The time embedded in a request ID (an ObjectId's first 4 bytes: seconds since the epoch),
 * in epoch milliseconds. Undefined for anything that is not 24 hex characters.
 */
export function requestIdTimestamp(id: string): number | undefined {
  if (!isRequestIdText(id)) return undefined;
  return Number.parseInt(id.slice(0, 8), 16) * 1000;
}

/**
 * The submission time decoded from the ID, when it is believable: not in the future (beyond
 * CLOCK_SKEW_ALLOWANCE_MS) and no older than `maxAgeMs`. Otherwise undefined (use the time
 * the purge was added instead).
 */
export function plausibleSubmissionTime(
  id: string,
  now: number,
  maxAgeMs: number = DEFAULT_MAX_SUBMISSION_AGE_MS,
): number | undefined {
  const time = requestIdTimestamp(id);
  if (time === undefined || !Number.isFinite(now)) return undefined;
  if (time > now + CLOCK_SKEW_ALLOWANCE_MS) return undefined;
  if (now - time > maxAgeMs) return undefined;
  return time;
}
