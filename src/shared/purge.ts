// The domain's vocabulary, shared by every layer. Imports nothing outside src/shared.
//
// One spelling for each state and error kind, everywhere: in the core, over IPC, in the store
// file and in the CLI's `--json` (snake_case, as `--json` has always spelled error kinds). The
// stored record's shape is declared once, as data (`PURGE_REQUEST`); its type and the reader of
// the store file both come from it. Human words for these values: `state-words.ts`.
import type { ShapeOf } from './record-shape';
import {
  finiteNumber,
  mark,
  oneOf,
  optional,
  record,
  text,
  truthValue,
  wholeNumber,
} from './record-shape';

/** Where a tracked purge stands. Only `pending` is ever polled. */
export const PURGE_STATES = ['pending', 'completed', 'not_found', 'given_up'] as const;
export type PurgeState = (typeof PURGE_STATES)[number];

/** How earlier versions (up to 0.1.0) spelled a state in the store file. */
export const FORMER_STATE_SPELLINGS: Readonly<Record<string, PurgeState>> = {
  'not-found': 'not_found',
  'given-up': 'given_up',
};

/** What went wrong talking to ImageKit, as a user should understand it. */
export const API_ERROR_KINDS = [
  /** 400 "No request found for this requestId." (or 404): final for that ID. */
  'not_found',
  /** 401/403, no key, or a public key where the private one belongs. */
  'auth',
  /** 429: wait `resetMs` before the next request. */
  'rate_limited',
  /** 5xx, network error, timeout: try again later. */
  'transient',
  /** A 2xx answer that is not the JSON expected (an HTML page, a truncated body). */
  'protocol',
  /** Any other 4xx, e.g. 400 "The URL is not valid for cache purging." on submission. */
  'rejected',
] as const;
export type ApiErrorKind = (typeof API_ERROR_KINDS)[number];

export interface ApiError {
  kind: ApiErrorKind;
  /** The server's `message` when it sent one, else our own words. Never contains the key. */
  message: string;
  /**
   * For `auth`, why, as decided where the error is made: no usable key was sent (none set, the
   * public one, a keychain that could not be read, an account without a key), or ImageKit
   * refused the key it was sent.
   */
  auth?: 'key_missing' | 'key_refused';
  /** HTTP status when there was a response. */
  httpStatus?: number;
  /** For `rate_limited`: milliseconds to wait (`X-RateLimit-Reset`, else `Retry-After`). */
  resetMs?: number;
  /**
   * For `transient`: the request certainly never reached ImageKit (the connection was refused,
   * the name did not resolve), so sending it again cannot do anything twice.
   */
  notSent?: boolean;
}

/** The last error seen for a purge, with when it happened. */
const PURGE_ERROR = record({
  kind: oneOf(API_ERROR_KINDS),
  message: text,
  at: finiteNumber,
  /** The HTTP status when ImageKit answered (a 503 is an answer; a dropped connection is not). */
  httpStatus: optional(wholeNumber),
});
export type PurgeError = ShapeOf<typeof PURGE_ERROR.shape>;

/**
 * What one request for a purged URL found at the CDN's nearest edge: the headers that say how old
 * its copy is and which copy it is. Every text went through core/imagekit/server-text.ts; a header that
 * was missing or did not hold (an `Age` of "-5") is left out.
 */
const CDN_ANSWER = record({
  /** The URL asked (before any redirect). */
  url: text,
  checkedAt: finiteNumber,
  /** The final answer's HTTP status; absent when none came (a network error). */
  httpStatus: optional(wholeNumber),
  /** `Age`: seconds the edge has held its copy. */
  age: optional(finiteNumber),
  /** `X-Cache`, e.g. "Hit from cloudfront". */
  cache: optional(text),
  /** `x-amz-cf-pop`: the edge that answered, e.g. "FRA56-P1". */
  pop: optional(text),
  etag: optional(text),
  lastModified: optional(text),
  /** `Content-Length`. */
  length: optional(wholeNumber),
});
export type CdnAnswer = ShapeOf<typeof CDN_ANSWER.shape>;

/**
 * What a freshness check can conclude about a purged URL (core/freshness/freshness-verdict.ts): the edge
 * serves a copy made after the purge, still one from before it, or it cannot be told.
 */
const FRESHNESS_VERDICTS = ['fresh', 'stale', 'unknown'] as const;
export type FreshnessVerdict = (typeof FRESHNESS_VERDICTS)[number];

/** A purge's freshness check as kept with it: `checking` until the verdict. */
const FRESHNESS = record({
  verdict: oneOf([...FRESHNESS_VERDICTS, 'checking']),
  /** For `unknown`: why, in words ("no cache headers", "not checked: wildcard"). */
  reason: optional(text),
  /** The answer that decided it; absent when nothing was asked (a wildcard). */
  seen: optional(CDN_ANSWER),
  /** Whether the content differs from the pre-purge probe's (`before`); absent when unknown. */
  contentChanged: optional(truthValue),
  /** When the check began. */
  since: finiteNumber,
  /** How many times the CDN was asked (a redirect followed is part of one). */
  checks: wholeNumber,
});
export type Freshness = ShapeOf<typeof FRESHNESS.shape>;

/** One purge request Purge Watch tracks, as it is kept and stored. Times are epoch milliseconds. */
export const PURGE_REQUEST = record({
  requestId: text,
  /**
   * The ImageKit account it belongs to (or, with `accountLookup`, is being asked of next).
   * Files written before accounts existed leave it out: those purges are the default account's.
   */
  account: optional(text),
  /**
   * Set while the purge's account is not known yet: an ID pasted without one is asked of each
   * account in turn until one knows it (see core/accounts/account-lookup.ts).
   */
  accountLookup: optional(mark),
  /** The purged URL, when Purge Watch submitted the purge itself. */
  url: optional(text),
  state: oneOf(PURGE_STATES, FORMER_STATE_SPELLINGS),
  /** The status string as ImageKit last reported it ("Pending", "Completed", …); empty before the first answer. */
  status: text,
  /** When the purge was submitted: from the request ID's embedded time when plausible, else `addedAt`. */
  submittedAt: finiteNumber,
  /** When Purge Watch started tracking it. */
  addedAt: finiteNumber,
  /** When the user last resumed it after it was given up: the give-up deadline counts from here. */
  resumedAt: optional(finiteNumber),
  lastCheckedAt: optional(finiteNumber),
  /** When completion was detected. */
  completedAt: optional(finiteNumber),
  /** Status checks made for this purge, including ones that failed and are retried. */
  checks: wholeNumber,
  /** The last error, kept while polling goes on (a transient error) or final (not found). */
  lastError: optional(PURGE_ERROR),
  /** What the CDN served just before Purge Watch submitted the purge (the pre-purge probe). */
  before: optional(CDN_ANSWER),
  /** Whether the CDN serves a fresh copy since completion (URL purges, when checked). */
  freshness: optional(FRESHNESS),
});
export type PurgeRequest = ShapeOf<typeof PURGE_REQUEST.shape>;

/**
 * The most purges tracked at once: a write of the whole list stays well under 50 ms of the
 * main process's time (`npm run bench`), and polling them all stays within the request budget.
 */
export const MAX_TRACKED_PURGES = 10_000;

/** How long a finished purge (completed, not found, given up) stays listed by default. */
export const DEFAULT_KEEP_FINISHED_MS = 30 * 24 * 60 * 60_000;

/** Is this ImageKit status value the finished one? Case-insensitive; older docs say "Complete". */
export function isCompletedStatus(status: string): boolean {
  const value = status.trim().toLowerCase();
  return value === 'completed' || value === 'complete';
}

/** Why polling is paused. Several may hold at once; polling runs when none does. */
export type PauseReason = 'user' | 'sleep' | 'offline';

/** An error that holds one account's requests, named with that account. */
export interface AccountApiError extends ApiError {
  account: string;
}

/** The tracker's state beyond the list of purges: what a banner or tray icon shows. */
export interface TrackerStatus {
  pausedFor: PauseReason[];
  /**
   * The accounts whose key is missing or was refused, in lookup order: each holds its own
   * purges until its key changes. Absent when every account's key works.
   */
  authProblems?: AccountApiError[];
  /** The accounts ImageKit's rate limit holds now, and until when (epoch ms). Absent when none. */
  rateLimits?: { account: string; until: number }[];
  /**
   * The accounts whose answers advertise a rate limit below or above what any account
   * plausibly allows: ignored (checks keep their own pace), and why, in words. Absent when none.
   */
  ignoredRateLimits?: { account: string; message: string }[];
  /** Set while the store cannot be written; tracking goes on in memory. */
  storageProblem?: string;
  /**
   * Set while the duration history (durations.json) cannot be written: the durations are kept
   * in memory and the write is tried again. Or, with `historyUnread`, why it could not be read at
   * start: the history started empty.
   */
  historyProblem?: string;
  historyUnread?: true;
  /**
   * Set when the store file could not be parsed and was moved aside: at start, or (with
   * `foundLate`) when a file that could not be opened at start opened, the purges tracked
   * meanwhile kept. Or (with `kept`) when some of its records did not hold together and were
   * set aside in `movedTo`.
   */
  recoveredStore?: { movedTo: string; reason: string; kept?: number; foundLate?: true };
}

/** Something the user gave us that is not usable, and why, in words. */
export interface RejectedInput {
  text: string;
  reason: string;
}

export interface AddResult {
  added: string[];
  alreadyTracked: string[];
  rejected: RejectedInput[];
  /** False when the store could not be written (the purges are tracked in memory). */
  persisted: boolean;
}

export interface SubmitResult {
  url: string;
  requestId?: string;
  error?: ApiError;
  /**
   * The submission's answer was lost (a timeout, a connection reset, a 5xx) after it may have
   * reached ImageKit: the purge may have been made, and was not sent again.
   */
  mayHaveBeenSubmitted?: boolean;
  /** Something to know about what this purge clears (its path transformations keep theirs). */
  warning?: string;
}

/** Whether a submission may have spent one of the account's monthly purges (made, or maybe). */
export function spentAPurge(result: SubmitResult): boolean {
  return result.requestId !== undefined || result.mayHaveBeenSubmitted === true;
}

/** Whether a failed submission may have reached ImageKit all the same (see SubmitResult). */
export function mayHaveBeenSubmitted(error: ApiError): boolean {
  return error.kind === 'transient' && error.notSent !== true;
}

/** A burst of changes to the tracked purges. */
export interface PurgesChanged {
  /** Purges added or changed, as they are now. */
  updated: PurgeRequest[];
  /** Request IDs no longer tracked. */
  removed: string[];
}
