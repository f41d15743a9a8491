// What a row of the list says about one purge, as text: status words, durations, the last error
// in words. Pure: PurgeRequest (and the time) in, strings out; tested as data. What a row is
// called: row-identity.ts; what adding or purging did: outcome-text.ts.
import type { Freshness, PurgeError, PurgeRequest, PurgeState } from '../shared/purge';
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
import { capitalized, ERROR_KIND_SENTENCES, STATE_WORDS } from '../shared/state-words';
import type { RowIdentity } from './row-identity';
import { rowIdentity } from './row-identity';

/** What a row shows as its status: the tracker's state, with "retrying" split out of pending. */
export type StatusKind = PurgeState | 'retrying';

/** The status words a row and a filter chip show. */
export const STATUS_WORDS: Readonly<Record<StatusKind, string>> = {
  pending: capitalized(STATE_WORDS.pending),
  retrying: 'Retrying',
  completed: capitalized(STATE_WORDS.completed),
  not_found: capitalized(STATE_WORDS.not_found),
  given_up: capitalized(STATE_WORDS.given_up),
};

/** In the order the filter chips show them. */
export const STATUS_KINDS: readonly StatusKind[] = [
  'pending',
  'retrying',
  'completed',
  'not_found',
  'given_up',
];

const NUMBER = new Intl.NumberFormat('en-US');

/** A count with thousands separators ("5,000"); one shared formatter (creating one is slow). */
export function formatCount(n: number): string {
  return n < 1_000 && n > -1_000 ? String(n) : NUMBER.format(n);
}

export function statusKind(purge: PurgeRequest): StatusKind {
  if (purge.state === 'pending') return purge.lastError ? 'retrying' : 'pending';
  return purge.state;
}

/** What the whole window knows that changes how a row reads. */
export interface RowContext {
  /** Checking is held until a (working) private key is set. */
  waitingForKey: boolean;
  /** Several accounts: rows name theirs. */
  showAccounts?: boolean;
  /** The accounts whose key is missing or refused: their pending purges wait for it. */
  accountsOnHold?: readonly string[];
  /** How long this account's purges take (absent with too little history). */
  durations?: DurationSummary;
}

export const NO_ROW_CONTEXT: RowContext = { waitingForKey: false };

/** The parts of a row that change only when the purge does. */
export interface RowText {
  kind: StatusKind;
  statusWord: string;
  /** A second line under the status: what ImageKit said, or what happens next. */
  statusDetail: string;
  /** The purged URL, or undefined when the purge was added by its ID. */
  url: string | undefined;
  identity: RowIdentity;
  /** The account chip: its name, "looking up…", or undefined with a single account. */
  account: string | undefined;
  requestId: string;
  /** Everything about the row in full (the focused row shows it): URL, ID, error details. */
  fullText: string;
  /** The last error in words, when there is one worth showing. */
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
export function errorInWords(error: Pick<PurgeError, 'kind' | 'message'>): string {
  const words = ERROR_KIND_SENTENCES[error.kind] ?? 'Something went wrong';
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

export function rowText(purge: PurgeRequest, context: RowContext = NO_ROW_CONTEXT): RowText {
  const kind = statusKind(purge);
  const statusWord = STATUS_WORDS[kind];
  let statusDetail: string;
  let error: string | undefined;
  switch (kind) {
    case 'pending':
      statusDetail = purge.checks === 0 ? 'Not checked yet' : `ImageKit: ${purge.status}`;
      break;
    case 'retrying':
      statusDetail = 'Checking again soon';
      error = purge.lastError && `${errorInWords(purge.lastError)} Checking again soon.`;
      break;
    case 'completed':
      statusDetail = purge.freshness ? freshnessDetail(purge.freshness) : 'Cache purged';
      // An edge still serving the old copy is worth the row's second line, at any width.
      if (purge.freshness?.verdict === 'stale') error = staleWords(purge.freshness);
      break;
    case 'not_found':
      statusDetail = 'Not checked any more';
      error = 'ImageKit has no purge with this ID. Check it and the account.';
      break;
    case 'given_up':
      statusDetail = 'Time ran out';
      error = 'Purge Watch stopped checking. Resume to keep checking.';
      if (purge.lastError) error = `${errorInWords(purge.lastError)} ${error}`;
      break;
  }
  const onHold =
    context.waitingForKey ||
    (!purge.accountLookup &&
      purge.account !== undefined &&
      (context.accountsOnHold?.includes(purge.account) ?? false));
  if (onHold && purge.state === 'pending') statusDetail = 'Waiting for the key';
  const account = context.showAccounts ? accountWords(purge) : undefined;
  const subject = purge.url ?? `request ${purge.requestId}`;
  const detail = purge.lastError && errorDetail(purge.lastError);
  const fullText = [
    purge.url,
    `Request ID ${purge.requestId}`,
    error,
    detail === undefined ? undefined : `Details: ${detail}`,
    purge.state === 'completed' ? cdnCheckText(purge) : undefined,
  ]
    .filter((part) => part !== undefined)
    .join(' · ');
  return {
    kind,
    statusWord,
    statusDetail,
    url: purge.url,
    identity: rowIdentity(purge),
    account,
    requestId: purge.requestId,
    fullText: account === undefined ? fullText : `${fullText} · Account: ${account}`,
    error,
    freshness: purge.state === 'completed' ? purge.freshness?.verdict : undefined,
    label: `${kind === 'completed' ? completedWords(purge.freshness) : statusWord}: ${subject}${account === undefined ? '' : `, account ${account}`}`,
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

/** "FRA56-P1 still serves the old copy (a copy from 2h ago)." */
function staleWords(freshness: Freshness): string {
  const { seen } = freshness;
  const age = seen?.age === undefined ? '' : ` (a copy from ${copyAge(seen)})`;
  return `${freshnessDetail(freshness)}${age}.`;
}

/** What a row's account chip says: the account, or that it is still being looked up. */
export function accountWords(purge: Pick<PurgeRequest, 'account' | 'accountLookup'>): string {
  if (purge.accountLookup) return LOOKING_UP;
  return purge.account ?? '';
}

/** The chip of a purge whose account is still being asked (core/account-lookup.ts). */
export const LOOKING_UP = 'looking up…';

export function rowTimes(purge: PurgeRequest, now: number, durations?: DurationSummary): RowTimes {
  let duration: string;
  let durationLabel: string;
  let slow = false;
  switch (purge.state) {
    case 'completed':
      duration = formatDuration((purge.completedAt ?? now) - purge.submittedAt);
      durationLabel = 'to complete';
      break;
    case 'pending': {
      duration = formatDuration(now - purge.submittedAt);
      const estimate = estimatePurge(purge.submittedAt, now, durations);
      durationLabel = estimate?.text ?? 'so far';
      slow = estimate?.slow ?? false;
      break;
    }
    case 'given_up':
      duration = formatDuration((purge.lastCheckedAt ?? now) - purge.submittedAt);
      durationLabel = 'without completing';
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
    lastChecked: purge.lastCheckedAt === undefined ? 'Never' : formatAge(purge.lastCheckedAt, now),
    checks: purge.checks === 1 ? '1 check' : `${formatCount(purge.checks)} checks`,
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
