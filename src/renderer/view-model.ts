// What a row of the list says about one purge, as text: status words, durations, the last error
// in words. Pure: PurgeRequest (and the time) in, strings out; tested as data.
import type { AddResult, ApiErrorKind, PurgeError, PurgeRequest } from '../shared/purge';
import type { KeyStatus, PurgeUrlsResult } from '../shared/ipc';
import { formatAge, formatDuration } from '../shared/format';

/** What a row shows as its status: the tracker's state, with "retrying" split out of pending. */
export type StatusKind = 'pending' | 'retrying' | 'completed' | 'not-found' | 'given-up';

export const STATUS_KINDS: readonly StatusKind[] = [
  'pending',
  'retrying',
  'completed',
  'not-found',
  'given-up',
];

const NUMBER = new Intl.NumberFormat('en-US');

/** A count with thousands separators ("5,000"); one shared formatter (creating one is slow). */
export function formatCount(n: number): string {
  return n < 1_000 && n > -1_000 ? String(n) : NUMBER.format(n);
}

export const STATUS_WORDS: Record<StatusKind, string> = {
  pending: 'Pending',
  retrying: 'Retrying',
  completed: 'Completed',
  'not-found': 'Not found',
  'given-up': 'Given up',
};

export function statusKind(purge: PurgeRequest): StatusKind {
  if (purge.state === 'pending') return purge.lastError ? 'retrying' : 'pending';
  return purge.state;
}

/** The parts of a row that change only when the purge does. */
export interface RowText {
  kind: StatusKind;
  statusWord: string;
  /** A second line under the status: what ImageKit said, or what happens next. */
  statusDetail: string;
  /** The purged URL, or undefined when the purge was added by its ID. */
  url: string | undefined;
  requestId: string;
  /** The last error in words, when there is one worth showing. */
  error: string | undefined;
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
  durationLabel: string;
  lastChecked: string;
  checks: string;
}

const ERROR_WORDS: Record<ApiErrorKind, string> = {
  not_found: 'ImageKit has no purge with this request ID',
  auth: 'ImageKit refused the private key',
  rate_limited: "ImageKit's rate limit was reached",
  transient: 'ImageKit could not be reached',
  protocol: 'ImageKit sent an answer Purge Watch does not understand',
  rejected: 'ImageKit refused the request',
};

/** The last error as a sentence: what happened in our words, then the server's own. */
export function errorInWords(error: Pick<PurgeError, 'kind' | 'message'>): string {
  const words = ERROR_WORDS[error.kind] ?? 'Something went wrong';
  // ImageKit's own words for an unknown ID ("No request found for this requestId.") add nothing.
  if (error.kind === 'not_found') return `${words}.`;
  const message = error.message.trim();
  if (message === '' || message.toLowerCase() === words.toLowerCase()) return `${words}.`;
  return `${words}: ${message.replace(/\.?$/, '.')}`;
}

export function rowText(purge: PurgeRequest): RowText {
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
      error = purge.lastError && errorInWords(purge.lastError);
      break;
    case 'completed':
      statusDetail = 'Cache purged';
      break;
    case 'not-found':
      statusDetail = 'Not checked any more';
      error = 'ImageKit has no purge with this ID. Check it and the account.';
      break;
    case 'given-up':
      statusDetail = 'Time ran out';
      error = 'Purge Watch stopped checking. Resume to keep checking.';
      if (purge.lastError) error = `${errorInWords(purge.lastError)} ${error}`;
      break;
  }
  const subject = purge.url ?? `request ${purge.requestId}`;
  return {
    kind,
    statusWord,
    statusDetail,
    url: purge.url,
    requestId: purge.requestId,
    error,
    label: `${statusWord}: ${subject}`,
    canCheckNow: purge.state === 'pending',
    canResume: purge.state === 'given-up',
    canOpen: purge.url !== undefined && /^https?:\/\//i.test(purge.url),
  };
}

export function rowTimes(purge: PurgeRequest, now: number): RowTimes {
  let duration: string;
  let durationLabel: string;
  switch (purge.state) {
    case 'completed':
      duration = formatDuration((purge.completedAt ?? now) - purge.submittedAt);
      durationLabel = 'to complete';
      break;
    case 'pending':
      duration = formatDuration(now - purge.submittedAt);
      durationLabel = 'so far';
      break;
    case 'given-up':
      duration = formatDuration((purge.lastCheckedAt ?? now) - purge.submittedAt);
      durationLabel = 'without completing';
      break;
    case 'not-found':
      duration = '—';
      durationLabel = '';
      break;
  }
  return {
    added: formatAge(purge.addedAt, now),
    duration,
    durationLabel,
    lastChecked: purge.lastCheckedAt === undefined ? 'Never' : formatAge(purge.lastCheckedAt, now),
    checks: purge.checks === 1 ? '1 check' : `${formatCount(purge.checks)} checks`,
  };
}

/** How a message should look: good news, something to notice, or a failure. */
export type Tone = 'success' | 'warning' | 'error';

export interface Outcome {
  tone: Tone;
  summary: string;
  /** One line per rejected input or failed URL. */
  details: string[];
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

function rejectionLines(rejected: AddResult['rejected']): string[] {
  return rejected.map((r) => `“${r.text}”: ${r.reason}`);
}

/** What adding a paste did, in words. */
export function addOutcome(result: AddResult): Outcome {
  const { added, alreadyTracked, rejected } = result;
  const parts: string[] = [];
  if (added.length > 0) parts.push(`Added ${count(added.length, 'purge')}`);
  if (alreadyTracked.length > 0) {
    parts.push(`${formatCount(alreadyTracked.length)} already tracked`);
  }
  if (rejected.length > 0) parts.push(`${count(rejected.length, 'entry', 'entries')} rejected`);
  const details = rejectionLines(rejected);
  if (!result.persisted) {
    details.unshift('They could not be saved to disk: they are tracked until Purge Watch quits.');
  }
  if (parts.length === 0) {
    return { tone: 'error', summary: 'No request IDs found in that text.', details };
  }
  const tone: Tone =
    added.length === 0
      ? rejected.length > 0
        ? 'error'
        : 'warning'
      : rejected.length > 0 || !result.persisted
        ? 'warning'
        : 'success';
  return { tone, summary: `${parts.join(', ')}.`, details };
}

/** What purging URLs did, in words. */
export function purgeUrlsOutcome(result: PurgeUrlsResult): Outcome {
  const purged = result.results.filter((r) => r.requestId !== undefined);
  const failed = result.results.filter((r) => r.requestId === undefined);
  const parts: string[] = [];
  if (purged.length > 0)
    parts.push(`Purge requested for ${count(purged.length, 'URL')}, now tracked`);
  if (failed.length > 0) parts.push(`${count(failed.length, 'URL')} failed`);
  if (result.rejected.length > 0)
    parts.push(`${count(result.rejected.length, 'entry', 'entries')} rejected`);
  const details = [
    ...failed.map(
      (r) => `${r.url}: ${r.error ? errorInWords(r.error) : 'no request ID came back.'}`,
    ),
    ...rejectionLines(result.rejected),
  ];
  if (parts.length === 0) return { tone: 'error', summary: 'No URLs found in that text.', details };
  const tone: Tone = purged.length === 0 ? 'error' : details.length > 0 ? 'warning' : 'success';
  return { tone, summary: `${parts.join(', ')}.`, details };
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
