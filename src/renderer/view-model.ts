// What a row of the list says about one purge, as text: status words, durations, the last error
// in words. Pure: PurgeRequest (and the time) in, strings out; tested as data.
import type { AddResult, ApiErrorKind, PurgeError, PurgeRequest } from '../shared/purge';
import type { KeyStatus, PurgeUrlsResult } from '../shared/ipc';
import type { DurationSummary } from '../shared/duration-estimate';
import { estimatePurge } from '../shared/duration-estimate';
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

/** What the whole window knows that changes how a row reads. */
export interface RowContext {
  /** Checking is held until a (working) private key is set. */
  waitingForKey: boolean;
  /** How long this account's purges take (absent with too little history). */
  durations?: DurationSummary;
}

export const NO_ROW_CONTEXT: RowContext = { waitingForKey: false };

/**
 * What a row is called: for a URL its file name, prominent, and the host and folders, muted;
 * for a purge tracked by ID the ID itself. Each is split in two for truncation in the middle:
 * the head shrinks with an ellipsis, the tail (the end that tells rows apart) always shows.
 */
export interface RowIdentity {
  title: [head: string, tail: string];
  /** The muted line under the title: host and folders of a URL. */
  place: [head: string, tail: string] | undefined;
  /** The title is a request ID (shown in the monospace face). */
  byId: boolean;
}

/** `text` split so that its last `tail` characters always show. */
export function middleSplit(text: string, tail: number): [string, string] {
  if (text.length <= tail * 2) return [text, ''];
  return [text.slice(0, -tail), text.slice(-tail)];
}

function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

export function rowIdentity(purge: Pick<PurgeRequest, 'requestId' | 'url'>): RowIdentity {
  const url = purge.url === undefined ? undefined : parseUrl(purge.url);
  if (!url) {
    if (purge.url !== undefined) {
      return { title: middleSplit(purge.url, 12), place: undefined, byId: false };
    }
    return { title: middleSplit(purge.requestId, 8), place: undefined, byId: true };
  }
  const segments = url.pathname.split('/');
  const file = decoded(segments.pop() ?? '') || '/';
  const folders = decoded(segments.join('/'));
  const lastFolder = folders.slice(folders.lastIndexOf('/', folders.length - 1) + 1);
  return {
    title: middleSplit(`${file}${url.search}`, Math.min(10, Math.ceil(file.length / 2))),
    place: [`${url.host}${folders.slice(0, folders.length - lastFolder.length)}`, `${lastFolder}/`],
    byId: false,
  };
}

function parseUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** A short name for a purge in a sentence: the file name of its URL, or its request ID. */
export function purgeName(purge: Pick<PurgeRequest, 'requestId' | 'url'>): string {
  const { title, byId } = rowIdentity(purge);
  return byId ? purge.requestId : title.join('');
}

/** The parts of a row that change only when the purge does. */
export interface RowText {
  kind: StatusKind;
  statusWord: string;
  /** A second line under the status: what ImageKit said, or what happens next. */
  statusDetail: string;
  /** The purged URL, or undefined when the purge was added by its ID. */
  url: string | undefined;
  identity: RowIdentity;
  requestId: string;
  /** Everything about the row in full (the focused row shows it): URL, ID, error details. */
  fullText: string;
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
  /** What the duration is; for a pending purge with enough history, its estimate. */
  durationLabel: string;
  /** Pending past the 95th percentile of this account's recent purges. */
  slow: boolean;
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

/**
 * The last error as one plain sentence. Only a refused request carries the server's own words
 * (they say what to fix, e.g. an invalid URL); the others' messages are technical (socket
 * codes, status lines) and belong in `errorDetail`.
 */
export function errorInWords(error: Pick<PurgeError, 'kind' | 'message'>): string {
  const words = ERROR_WORDS[error.kind] ?? 'Something went wrong';
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
  if (context.waitingForKey && purge.state === 'pending') statusDetail = 'Waiting for the key';
  const subject = purge.url ?? `request ${purge.requestId}`;
  const detail = purge.lastError && errorDetail(purge.lastError);
  const fullText = [
    purge.url,
    `Request ID ${purge.requestId}`,
    error,
    detail === undefined ? undefined : `Details: ${detail}`,
  ]
    .filter((part) => part !== undefined)
    .join(' · ');
  return {
    kind,
    statusWord,
    statusDetail,
    url: purge.url,
    identity: rowIdentity(purge),
    requestId: purge.requestId,
    fullText,
    error,
    label: `${statusWord}: ${subject}`,
    canCheckNow: purge.state === 'pending',
    canResume: purge.state === 'given-up',
    canOpen: purge.url !== undefined && /^https?:\/\//i.test(purge.url),
  };
}

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
    slow,
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
