// How results reach the terminal. Results: one human line (request ID first) or one JSON
// object per line on stdout. Errors: one line on stderr, `purge-watch: <message>`, or for one
// request ID `purge-watch: <id>: <message>`; with --json a per-ID error is also a JSON object
// on stdout, so a script reading stdout sees one object per ID. Every line goes through
// SafeText: no control character and no key reaches the terminal.
import type { ApiError, ApiErrorKind, PurgeState } from '../shared/purge';
import { ERROR_KIND_WORDS, STATE_WORDS } from '../shared/state-words';
import type { ProgressOption } from './args';
import type { OutputStream } from './cli-context';
import type { SafeText } from './safe-text';
import { fitToWidth, keepsEveryRedraw, lineWidth } from './live-line';
import type { StopReason } from './stop';

/**
 * The `kind` of an error the CLI reports (`--json`'s `error.kind`): ImageKit's error kinds, a
 * purge given up, and the CLI's own `timeout` and `interrupted`.
 */
type ShownErrorKind = ApiErrorKind | Extract<PurgeState, 'given_up'> | 'timeout' | 'interrupted';

const KIND_WORDS: Readonly<Record<ShownErrorKind, string>> = {
  ...ERROR_KIND_WORDS,
  given_up: STATE_WORDS.given_up,
  timeout: 'timed out',
  interrupted: 'interrupted',
};

export interface ShownError {
  kind: ShownErrorKind;
  message: string;
}

export class Output {
  private progressShown = false;
  private readonly said = new Set<string>();
  /** The command says itself what a stop leaves undone (`reportsItsStop`). */
  private stopReported = false;

  constructor(
    private readonly stdout: OutputStream,
    private readonly stderr: OutputStream,
    readonly json: boolean,
    readonly safe: SafeText,
    /** TERM, CI and COLUMNS: how a terminal shows a live line (./live-line). */
    private readonly env: Record<string, string | undefined>,
  ) {}

  /** One result: `human` on a terminal or pipe, `data` as one JSON line with --json. */
  result(human: string, data: object): void {
    this.stdout.write(
      this.json ? `${JSON.stringify(this.safe.data(data))}\n` : `${this.safe.line(human)}\n`,
    );
  }

  /** One line on stderr. */
  error(message: string): void {
    this.stderr.write(`purge-watch: ${this.safe.line(message)}\n`);
  }

  /** One line on stderr, unless this very line was said before (a warning every answer repeats). */
  errorOnce(message: string): void {
    if (this.said.has(message)) return;
    this.said.add(message);
    this.error(message);
  }

  /**
   * What went wrong for one request ID: a line on stderr, and with --json also its object on
   * stdout (`data` plus `error`).
   */
  idError(requestId: string, error: ShownError, data: object = {}): void {
    this.itemError(requestId, { requestId, ...data }, error);
  }

  /** What went wrong for one item (`label`: its request ID or URL), as `idError` says it. */
  itemError(label: string, data: object, error: ShownError): void {
    if (this.json) this.result('', { ...data, error: errorData(error) });
    this.error(`${label}: ${describeError(error)}`);
  }

  /**
   * One error that ends the work for all these request IDs (the key refused, no network, a
   * signal): one line on stderr, and with --json one object per ID on stdout.
   */
  sharedError(
    requestIds: Iterable<string>,
    error: ShownError,
    dataFor?: (id: string) => object,
  ): void {
    for (const requestId of requestIds) this.saidBefore(requestId, error, dataFor?.(requestId));
    this.error(error.message);
  }

  /** An error said once on stderr for several IDs, for one of them: with --json, its object. */
  saidBefore(requestId: string, error: ShownError, data: object = {}): void {
    if (this.json) this.result('', { requestId, ...data, error: errorData(error) });
  }

  /**
   * How a wait shows its progress on stderr (`--progress`): `live`, one line a terminal keeps
   * rewriting; `lines`, a line every `--progress-every`, for logs (a CI step that prints nothing
   * for 10 minutes is killed); `none`. `auto`: live on a terminal that redraws it (without
   * --json, not TERM=dumb, not CI), else lines.
   */
  progressStyle(option: ProgressOption): 'live' | 'lines' | 'none' {
    if (option !== 'auto') return option;
    return this.showsLiveProgress ? 'live' : 'lines';
  }

  /**
   * A live line is for people: only on a terminal that redraws it (not TERM=dumb, not one a CI
   * system records), never with --json.
   */
  private get showsLiveProgress(): boolean {
    return !this.json && this.stderr.isTTY === true && !keepsEveryRedraw(this.env);
  }

  /**
   * From now on the running command says itself what a signal leaves undone (wait's pending
   * purges, status's unanswered IDs, purge's unsent URLs): `stopped` says nothing more.
   */
  reportsItsStop(): void {
    this.stopReported = true;
  }

  /**
   * A signal ended `command` before it said what that left undone (stats, accounts, key, or any
   * command still reading stdin or the keychain): one line on stderr. A closed stdout ends it
   * quietly, as it ends every command.
   */
  stopped(reason: StopReason, command: string): void {
    if (this.stopReported || reason === 'EPIPE') return;
    this.error(`interrupted by ${reason} before ${command} was done`);
  }

  /** A progress line for a log: one line on stderr, as an error is written. */
  progressLine(text: string): void {
    this.error(text);
  }

  /** A transient line on a terminal's stderr, replaced by the next one: one row, never wrapped. */
  progress(text: string): void {
    if (!this.showsLiveProgress) return;
    const width = lineWidth(this.stderr.columns, this.env);
    this.stderr.write(`\r\x1b[2K${fitToWidth(this.safe.line(text), width)}`);
    this.progressShown = true;
  }

  clearProgress(): void {
    if (!this.progressShown) return;
    this.stderr.write('\r\x1b[2K');
    this.progressShown = false;
  }
}

/**
 * A result line: the request ID first, then (when several accounts exist) the purge's account,
 * then the rest, two spaces apart.
 */
export function resultLine(
  requestId: string,
  account: string | undefined,
  ...rest: string[]
): string {
  return [requestId, ...(account === undefined ? [] : [account]), ...rest].join('  ');
}

/** An error shared by one account's purges, named with that account when several exist. */
export function accountError<E extends ShownError>(error: E, account: string, several: boolean): E {
  return several ? { ...error, message: `${account}: ${error.message}` } : error;
}

/**
 * Each account whose advertised rate limit is ignored as implausible (core/tracking/request-budget.ts),
 * said once on stderr, named with its account when several exist.
 */
export function sayIgnoredRateLimits(
  output: Output,
  ignored: readonly { account: string; message: string }[] | undefined,
  several: boolean,
): void {
  for (const { account, message } of ignored ?? []) {
    output.errorOnce(several ? `${account}: ${message}` : message);
  }
}

/** Items named in a line that lists many (what a signal left undone); the rest are counted. */
const LISTED_IN_A_LINE = 10;

/** "a, b, c" for a few items; past LISTED_IN_A_LINE, "a, …, j and 5 more". */
export function listedInALine(items: readonly string[]): string {
  const listed = items.slice(0, LISTED_IN_A_LINE).join(', ');
  const more = items.length - LISTED_IN_A_LINE;
  return more > 0 ? `${listed} and ${more} more` : listed;
}

/**
 * What a signal left undone, as one error shared by each item: "interrupted by SIGINT: 1 of 2
 * purges still pending: <id>".
 */
export function interruptedError(
  reason: string,
  undone: readonly string[],
  of: number,
  what: string,
  state: string,
): ShownError {
  const counted = `${undone.length} of ${of} ${what}${of === 1 ? '' : 's'}`;
  return {
    kind: 'interrupted',
    message: `interrupted by ${reason}: ${counted} ${state}: ${listedInALine(undone)}`,
  };
}

export function describeError(error: ShownError): string {
  return `${error.message} (${KIND_WORDS[error.kind]})`;
}

export function errorData(error: Pick<ApiError, 'message'> & { kind: ShownErrorKind }): ShownError {
  return { kind: error.kind, message: error.message };
}
