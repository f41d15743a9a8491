// What a row of the list says about one purge, as text: status words, durations, the last error
// in words. Pure: PurgeRequest (and the time) in, strings out; tested as data. What a row is
// called: row-identity.ts; what adding or purging did: outcome-text.ts.
import type { Freshness, PurgeError, PurgeRequest } from '../shared/purge';
import type { KeyStatus } from '../shared/ipc';
import type { DurationSummary } from '../shared/duration-estimate';
import { estimatePurge } from '../shared/duration-estimate';
import { formatAge, formatDuration } from '../shared/format';
import {
  completedWords,
  copyAge,
  decidingHeaders,
  freshnessDetail,
} from '../shared/freshness-words';
import { capitalized, errorSentence } from '../shared/state-words';
import type { RowIdentity } from './row-identity';
import { rowIdentity } from './row-identity';
import type { StatusKind } from './window-words';
import { formatCount, ROW_WORDS, STATUS_WORDS } from './window-words';

export type { StatusKind } from './window-words';
export { formatCount, STATUS_KINDS } from './window-words';

/** Which pending purges wait for a private key (none anywhere, or their account's refused). */
export interface HoldContext {
  /** No account has a key: every pending purge waits. */
  waitingForKey: boolean;
  /** The accounts whose key is missing or refused: their pending purges wait for it. */
  accountsOnHold?: readonly string[];
}

/** Is this pending purge waiting for a key (not checked until one works)? */
function isOnHold(purge: PurgeRequest, hold: HoldContext): boolean {
  if (purge.state !== 'pending') return false;
  if (hold.waitingForKey) return true;
  // Still being looked up: asked of the next account, not waiting for this one's key.
  return (
    !purge.accountLookup &&
    purge.account !== undefined &&
    (hold.accountsOnHold?.includes(purge.account) ?? false)
  );
}

export function statusKind(purge: PurgeRequest, hold: HoldContext = NO_ROW_CONTEXT): StatusKind {
  if (purge.state !== 'pending') return purge.state;
  if (isOnHold(purge, hold)) return 'held';
  return purge.lastError ? 'retrying' : 'pending';
}

/** What the whole window knows that changes how a row reads. */
export interface RowContext extends HoldContext {
  /** Several accounts: rows name theirs. */
  showAccounts?: boolean;
  /** How long this account's purges take (absent with too little history). */
  durations?: DurationSummary;
}

export const NO_ROW_CONTEXT: RowContext = { waitingForKey: false };

/** The parts of a row that change only when the purge does. */
export interface RowText {
  kind: StatusKind;
  statusWord: string;
  /** The purged URL, or undefined when the purge was added by its ID. */
  url: string | undefined;
  identity: RowIdentity;
  /** The account chip: its name, "looking up…", or undefined with a single account. */
  account: string | undefined;
  requestId: string;
  /** Everything about the row in full, one line (its tooltip): URL, ID, error details. */
  fullText: string;
  /** The same as lines, the request ID first (the detail bar under a focused row). */
  detailLines: string[];
  /**
   * The row's second line: what went wrong or why it waits, or what the CDN check of a completed
   * purge found; undefined when there is nothing to say.
   */
  error: string | undefined;
  /** What the CDN check found, for a completed URL purge that was checked. */
  freshness: 'checking' | 'fresh' | 'stale' | 'unknown' | undefined;
  /** The row's accessible name. */
  label: string;
  canCheckNow: boolean;
  canResume: boolean;
  canOpen: boolean;
}

/** The parts of a row that change as time passes. */
export interface RowTimes {
  added: string;
  /** "Time to complete" (completed), or how long it has been running (pending). */
  duration: string;
  /** What the duration is; for a pending purge with enough history, its estimate. */
  durationLabel: string;
  /** Pending past the 95th percentile of this account's recent purges. */
  slow: boolean;
  lastChecked: string;
  checks: string;
}

/**
 * The last error as one plain sentence. Only a refused request carries the server's own words
 * (they say what to fix, e.g. an invalid URL); the others' messages are technical (socket
 * codes, status lines) and belong in `errorDetail`.
 */
export function errorInWords(error: Pick<PurgeError, 'kind' | 'message' | 'httpStatus'>): string {
  const words = errorSentence(error);
  if (error.kind !== 'rejected') return `${words}.`;
  const message = error.message.trim();
  if (message === '' || message.toLowerCase() === words.toLowerCase()) return `${words}.`;
  return `${words}: ${message.replace(/\.?$/, '.')}`;
}

/** The technical detail behind an error (the server's message, a socket code), if any. */
export function errorDetail(error: Pick<PurgeError, 'kind' | 'message'>): string | undefined {
  const message = error.message.trim();
  if (error.kind === 'rejected' || error.kind === 'not_found' || message === '') return undefined;
  return message;
}

/**
 * A row's words. Each fact is said once: the status word; for a problem or a hold, one sentence
 * of what happened and what to do (in the place of the URL's host line); the times in their
 * columns.
 */
export function rowText(purge: PurgeRequest, context: RowContext = NO_ROW_CONTEXT): RowText {
  const kind = statusKind(purge, context);
  const statusWord = STATUS_WORDS[kind];
  let error: string | undefined;
  switch (kind) {
    case 'retrying':
      error = purge.lastError && errorInWords(purge.lastError);
      break;
    case 'completed':
      // What the CDN check found takes the row's second line, at any width: the URL is in the
      // details, and "the edge still serves the old copy" is the one thing to see.
      if (purge.freshness) error = cdnVerdictLine(purge.freshness);
      break;
    case 'not_found':
      error = ROW_WORDS.notFound;
      break;
    case 'given_up':
      error = purge.lastError
        ? `${errorInWords(purge.lastError)} ${ROW_WORDS.resume}`
        : ROW_WORDS.givenUp;
      break;
    case 'held':
      error = `${capitalized(ROW_WORDS.held)}.`;
      break;
    default:
      break;
  }
  const account = context.showAccounts ? accountWords(purge) : undefined;
  const subject = purge.url ?? `request ${purge.requestId}`;
  const detail = purge.lastError && errorDetail(purge.lastError);
  const detailLines = [
    `Request ID ${purge.requestId}`,
    ...(account === undefined ? [] : [`Account: ${account}`]),
    ...(purge.url === undefined ? [] : [purge.url]),
    ...(error === undefined ? [] : [error]),
    ...(detail === undefined ? [] : [`Details: ${detail}`]),
    ...(purge.state === 'completed'
      ? [cdnCheckText(purge)].filter((line) => line !== undefined)
      : []),
  ];
  const label = [
    `${kind === 'completed' ? completedWords(purge.freshness) : statusWord}: ${subject}`,
    ...(account === undefined ? [] : [`account ${account}`]),
    ...(kind === 'held' ? [ROW_WORDS.held] : []),
  ].join(', ');
  return {
    kind,
    statusWord,
    url: purge.url,
    identity: rowIdentity(purge),
    account,
    requestId: purge.requestId,
    fullText: detailLines.join(' · '),
    detailLines,
    error,
    freshness: purge.state === 'completed' ? purge.freshness?.verdict : undefined,
    label,
    canCheckNow: purge.state === 'pending',
    canResume: purge.state === 'given_up',
    canOpen: purge.url !== undefined && /^https?:\/\//i.test(purge.url),
  };
}

/**
 * A checked purge's details: a spot check of the nearest edge, its verdict, the headers that
 * decided it, whether the content changed.
 */
function cdnCheckText(purge: PurgeRequest): string | undefined {
  const { freshness } = purge;
  if (!freshness || freshness.verdict === 'checking') return undefined;
  const { contentChanged } = freshness;
  const changed =
    contentChanged === undefined
      ? []
      : [contentChanged ? 'new content' : 'same content as before the purge'];
  // A stale verdict is on the row's own line already.
  const verdict = freshness.verdict === 'stale' ? [] : [freshnessDetail(freshness)];
  return `CDN spot check: ${[...verdict, ...decidingHeaders(freshness.seen), ...changed].join(' · ')}`;
}

/** "Fresh at FRA56-P1", "FRA56-P1 still serves the old copy (a copy from 2h ago)." */
function cdnVerdictLine(freshness: Freshness): string {
  const { seen } = freshness;
  if (freshness.verdict !== 'stale') return freshnessDetail(freshness);
  const age = seen?.age === undefined ? '' : ` (a copy from ${copyAge(seen)})`;
  return `${freshnessDetail(freshness)}${age}.`;
}

/** What a row's account chip says: the account, or that it is still being looked up. */
function accountWords(purge: Pick<PurgeRequest, 'account' | 'accountLookup'>): string {
  if (purge.accountLookup) return ROW_WORDS.lookingUp;
  return purge.account ?? '';
}

/**
 * The time columns. A pending purge counts up, with this account's usual range ("usually
 * 1–3 min", then "longer than usual"); one on hold is not being checked, so it gets no estimate.
 */
export function rowTimes(
  purge: PurgeRequest,
  now: number,
  durations?: DurationSummary,
  onHold = false,
): RowTimes {
  let duration: string;
  let durationLabel: string;
  let slow = false;
  switch (purge.state) {
    case 'completed':
      duration = formatDuration((purge.completedAt ?? now) - purge.submittedAt);
      durationLabel = ROW_WORDS.toComplete;
      break;
    case 'pending': {
      duration = formatDuration(now - purge.submittedAt);
      const estimate = onHold ? undefined : estimatePurge(purge.submittedAt, now, durations);
      slow = estimate?.slow ?? false;
      durationLabel = !estimate
        ? ROW_WORDS.soFar
        : slow
          ? ROW_WORDS.longerThanUsual
          : `usually ${estimate.range}`;
      break;
    }
    case 'given_up':
      duration = formatDuration((purge.lastCheckedAt ?? now) - purge.submittedAt);
      durationLabel = ROW_WORDS.withoutCompleting;
      break;
    case 'not_found':
      duration = '—';
      durationLabel = '';
      break;
  }
  return {
    added: formatAge(purge.addedAt, now),
    duration,
    durationLabel,
    slow,
    lastChecked:
      purge.lastCheckedAt === undefined
        ? ROW_WORDS.notCheckedYet
        : formatAge(purge.lastCheckedAt, now),
    checks:
      purge.checks === 0
        ? ''
        : purge.checks === 1
          ? '1 check'
          : `${formatCount(purge.checks)} checks`,
  };
}

/** Where the key is, never what it is. */
export function keyStatusText(key: KeyStatus): string {
  switch (key.source) {
    case 'keychain':
      return `Stored in ${key.keychain}`;
    case 'environment':
      return 'Set by the IMAGEKIT_PRIVATE_KEY environment variable';
    case 'none':
      return key.problem ? 'Not available: the keychain cannot be read' : 'Not set';
  }
}
