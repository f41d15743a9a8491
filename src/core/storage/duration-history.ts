// How long each account's purges took: the last HISTORY_LIMIT completions per account, kept in
// their own small file beside the purges (durations.json), so they outlive the purges themselves
// (which are pruned) and restarts. Every call names its account. The app and purge-watch commands
// write it at the same time: a write applies this process's unwritten changes to what the file
// holds now, under its lock (./shared-file), so nothing another process recorded is lost. Writes
// are coalesced (a burst of completions is one write: ./coalescing-writer), retried when they
// fail (`problem` says why meanwhile), and atomic.
import path from 'node:path';
import type { DurationSummary } from '../../shared/duration-estimate';
import { summarizeDurations } from '../../shared/duration-estimate';
import type { Clock, TimerHandle } from '../clock';
import { TypedEvents } from '../typed-events';
import { CoalescingWriter } from './coalescing-writer';
import { updateSharedFile } from './shared-file';
import type { SetAsideListener } from './store-file';
import { readStoreFile, reasonOf } from './store-file';

/** The most completions kept per account. */
export const HISTORY_LIMIT = 500;
export const DURATION_FILE_NAME = 'durations.json';

/** One completed purge, as Purge Watch saw it. */
export interface CompletedDuration {
  /** When the purge was submitted (epoch ms). */
  submittedAt: number;
  /**
   * How long it took, as a check on schedule would have seen it: from submission to the first
   * check after it completed, no later than the gap after its last Pending answer.
   */
  durationMs: number;
  /** Purge Watch submitted the purge itself (the URL is known). */
  submittedHere: boolean;
  /**
   * Already complete at its first check: `durationMs` is only an upper bound (it may have
   * completed much earlier).
   */
  atFirstCheck?: boolean;
  /** The purge's request ID: the app and a command that both saw it complete record it once. */
  requestId?: string;
}

/** Where the history is kept: read at start, updated with each write. */
interface DurationHistoryFile {
  /** Where it is, said with a failure to read or write it. */
  readonly path?: string;
  /**
   * What the file holds (anything: it is checked), or undefined when there is none. Throws when
   * it cannot be read (a SyntaxError when it is not JSON).
   */
  read(): unknown;
  /**
   * Writes `change` applied to what the file holds now (anything: it is checked), and returns
   * what was written. Throws when it cannot: nothing is written then.
   */
  update(change: (current: unknown) => DurationHistoryData): DurationHistoryData;
}

/** A change not written yet: applied again to the file's content at each try. */
type HistoryChange =
  | { kind: 'record'; account: string; completion: CompletedDuration }
  | { kind: 'rename'; from: string; to: string };

interface DurationHistoryData {
  accounts: Record<string, CompletedDuration[]>;
}

interface DurationHistoryOptions {
  clock: Clock;
  file?: DurationHistoryFile;
  limit?: number;
  /** Longest a new completion waits before it is written. */
  coalesceMs?: number;
  /**
   * Read a file that could not be read at start (permissions, a read error) again, after
   * REREAD_FIRST_MS and then at most every REREAD_MAX_MS, until it can be (the app; a
   * command reads once). Until `close`.
   */
  rereadUnreadable?: boolean;
}

/** The first wait before a file that could not be read is read again; it doubles after each try… */
const REREAD_FIRST_MS = 5_000;
/** …to this at most. */
const REREAD_MAX_MS = 5 * 60_000;

export class DurationHistory {
  private readonly file: DurationHistoryFile | undefined;
  private readonly limit: number;
  private readonly writer: CoalescingWriter;
  /** Every account's completions as last read or written, with the changes since. */
  private accounts: Record<string, CompletedDuration[]>;
  /** This process's changes not written yet, in order. */
  private unwritten: HistoryChange[] = [];
  private readonly summaries = new Map<string, DurationSummary | undefined>();
  private readonly listeners = new Set<() => void>();
  private readonly events = new TypedEvents<{ problem: undefined }>();
  /** Why the file could not be read at start (the history starts empty then). */
  private readProblem: string | undefined;
  private readonly clock: Clock;
  private readonly rereadUnreadable: boolean;
  /** The next read of a file that could not be read, and the wait before it. */
  private reread: { timer: TimerHandle; afterMs: number } | undefined;
  private closed = false;

  constructor(options: DurationHistoryOptions) {
    this.file = options.file;
    this.limit = options.limit ?? HISTORY_LIMIT;
    this.clock = options.clock;
    this.rereadUnreadable = options.rereadUnreadable ?? false;
    this.writer = new CoalescingWriter({
      clock: options.clock,
      coalesceMs: options.coalesceMs ?? 5_000,
      describe: (reason) =>
        `The purge durations could not be saved${this.where('to')} (${reason}).`,
      onProblem: () => this.events.emit('problem', undefined),
    });
    this.accounts = this.trimmed(readAccounts(this.read()));
  }

  /**
   * What the file holds, or undefined when it could not be read: `readProblem` says why then,
   * and it is moved aside soon (not JSON) or read again later (`rereadUnreadable`).
   */
  private read(): unknown {
    try {
      return this.file?.read();
    } catch (error) {
      if (error instanceof SyntaxError) {
        // Moved aside (and the user told where) by a write soon, or at close, not at the next
        // completion, which may be hours away: the warning would stand that long. Not now: the
        // app's surfaces that tell it do not exist yet.
        this.readProblem = 'The purge durations file is not JSON: it is moved aside in a moment.';
        this.writer.writeSoon(() => this.write());
      } else {
        // The app reads it again (the window must not say what it knew is lost); a command once.
        // A sentence of its own: the tray's note keeps the first, naming the file and the code.
        const again = this.rereadUnreadable ? '. They are read again once they can be' : '';
        this.readProblem = `The purge durations could not be read${this.where('from')} (${reasonOf(error)})${again}.`;
        this.readAgainLater();
      }
      return undefined;
    }
  }

  /** Arms the next read of a file that could not be read, each wait twice the last (bounded). */
  private readAgainLater(): void {
    if (!this.rereadUnreadable || this.closed) return;
    const afterMs = this.reread
      ? Math.min(this.reread.afterMs * 2, REREAD_MAX_MS)
      : REREAD_FIRST_MS;
    const timer = this.clock.setTimeout(() => this.readAgain(), afterMs);
    this.reread = { timer, afterMs };
  }

  /**
   * Reads a file that could not be read at start again (unless a write has read it meanwhile):
   * what it holds now, with what this process learned meanwhile applied on top (and written
   * with the next write, as always).
   */
  private readAgain(): void {
    if (this.readProblem === undefined || this.closed) return;
    const before = this.readProblem;
    this.readProblem = undefined;
    const raw = this.read();
    if (this.readProblem === undefined) {
      this.reread = undefined;
      this.accounts = this.trimmed(applyChanges(readAccounts(raw), this.unwritten));
      this.summaries.clear();
      for (const listener of this.listeners) listener();
    }
    if (this.readProblem !== before && this.writer.problem === undefined) {
      this.events.emit('problem', undefined);
    }
  }

  private cancelReread(): void {
    if (this.reread) this.clock.clearTimeout(this.reread.timer);
    this.reread = undefined;
  }

  /** ' to <file>' (or 'from') in a failure's words, when the file has a path. */
  private where(preposition: 'to' | 'from'): string {
    return this.file?.path === undefined ? '' : ` ${preposition} ${this.file.path}`;
  }

  /** `problem` is why the file could not be read at start (the history started empty). */
  get unread(): boolean {
    return this.writer.problem === undefined && this.readProblem !== undefined;
  }

  /**
   * Why the history could not be written last time (the durations are kept in memory and the
   * write is tried again), else why it could not be read at start.
   */
  get problem(): string | undefined {
    return this.writer.problem ?? this.readProblem;
  }

  /** An account's completions, oldest first. */
  completionsOf(account: string): readonly CompletedDuration[] {
    return Object.hasOwn(this.accounts, account) ? this.accounts[account]! : [];
  }

  /** The durations (ms), oldest first. */
  durations(account: string): number[] {
    return this.completionsOf(account).map((c) => c.durationMs);
  }

  /** The figures every surface shows (undefined with fewer than 5 completions). */
  summary(account: string): DurationSummary | undefined {
    if (!this.summaries.has(account)) {
      this.summaries.set(account, summarizeDurations(this.durations(account)));
    }
    return this.summaries.get(account);
  }

  /** An account was renamed: its completions go with it. */
  rename(from: string, to: string): void {
    if (from === to || !Object.hasOwn(this.accounts, from)) return;
    this.change({ kind: 'rename', from, to });
  }

  /** Called when `problem` changes: a write failed, or works again. */
  onProblem(listener: () => void): () => void {
    return this.events.on('problem', listener);
  }

  /** Called after every recorded completion, and when a file that could not be read is read. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  record(completion: CompletedDuration, account: string): void {
    this.change({ kind: 'record', account, completion });
    for (const listener of this.listeners) listener();
  }

  /** Write now what waits for its timer: a file read as not JSON is moved aside at once. */
  flush(): void {
    this.writer.flush();
  }

  /** Write whatever is unwritten now (quit), and arm nothing. */
  close(): void {
    this.closed = true;
    this.cancelReread();
    if (this.file && this.unwritten.length > 0) this.writer.writeNow(() => this.write());
    this.writer.close();
  }

  private change(change: HistoryChange): void {
    this.accounts = this.trimmed(applyChanges(this.accounts, [change]));
    this.summaries.clear();
    if (!this.file) return;
    this.unwritten.push(change);
    this.writer.writeSoon(() => this.write());
  }

  /** This process's changes, applied to what the file holds now; what is there is what is known. */
  private write(): void {
    const written = this.file!.update((current) => ({
      accounts: this.trimmed(applyChanges(readAccounts(current), this.unwritten)),
    }));
    this.unwritten = [];
    this.accounts = written.accounts;
    this.summaries.clear();
    if (this.readProblem !== undefined) {
      this.readProblem = undefined;
      this.cancelReread();
      if (this.writer.problem === undefined) this.events.emit('problem', undefined);
    }
  }

  private trimmed(
    accounts: Record<string, CompletedDuration[]>,
  ): Record<string, CompletedDuration[]> {
    for (const [name, list] of Object.entries(accounts)) {
      if (list.length > this.limit) accounts[name] = list.slice(-this.limit);
    }
    return accounts;
  }
}

/** `accounts` (a copy) with `changes` applied in order; a purge already recorded is not again. */
function applyChanges(
  accounts: Record<string, CompletedDuration[]>,
  changes: readonly HistoryChange[],
): Record<string, CompletedDuration[]> {
  const result: Record<string, CompletedDuration[]> = {};
  for (const [name, list] of Object.entries(accounts)) result[name] = [...list];
  const listOf = (name: string) => (Object.hasOwn(result, name) ? result[name]! : []);
  for (const change of changes) {
    if (change.kind === 'rename') {
      if (change.from === change.to || !Object.hasOwn(result, change.from)) continue;
      result[change.to] = [...listOf(change.to), ...result[change.from]!];
      delete result[change.from];
      continue;
    }
    const list = listOf(change.account);
    const { requestId } = change.completion;
    if (requestId !== undefined && list.some((known) => known.requestId === requestId)) continue;
    result[change.account] = [...list, change.completion];
  }
  return result;
}

/** The accounts a file holds: records that do not hold together are skipped, one by one. */
function readAccounts(raw: unknown): Record<string, CompletedDuration[]> {
  const accounts = (raw as { accounts?: unknown } | undefined)?.accounts;
  if (!accounts || typeof accounts !== 'object' || Array.isArray(accounts)) return {};
  const result: Record<string, CompletedDuration[]> = {};
  for (const [name, list] of Object.entries(accounts)) {
    if (Array.isArray(list)) result[name] = list.filter(isCompletedDuration).map(pick);
  }
  return result;
}

/**
 * The longest duration a record may hold: a purge is given up after a day, and one resumed is
 * not watched for years. Past it a record is not data (and `submittedAt + durationMs` would be
 * no date at all: estimates built on it threw).
 */
const MAX_DURATION_MS = 365 * 24 * 60 * 60_000;
/** The latest time a Date can hold (±8.64e15 ms). */
const MAX_TIME_MS = 8.64e15;

function isCompletedDuration(value: unknown): value is CompletedDuration {
  if (!value || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  return (
    Number.isFinite(record.submittedAt) &&
    Math.abs(record.submittedAt as number) <= MAX_TIME_MS - MAX_DURATION_MS &&
    Number.isFinite(record.durationMs) &&
    (record.durationMs as number) >= 0 &&
    (record.durationMs as number) <= MAX_DURATION_MS &&
    typeof record.submittedHere === 'boolean' &&
    (record.atFirstCheck === undefined || typeof record.atFirstCheck === 'boolean') &&
    (record.requestId === undefined || typeof record.requestId === 'string')
  );
}

function pick(c: CompletedDuration): CompletedDuration {
  const result: CompletedDuration = {
    submittedAt: c.submittedAt,
    durationMs: c.durationMs,
    submittedHere: c.submittedHere,
  };
  if (c.atFirstCheck) result.atFirstCheck = true;
  if (c.requestId !== undefined) result.requestId = c.requestId;
  return result;
}

/**
 * The history's file in `directory` (the app's profile), shared by the app and purge-watch
 * commands. Reading takes no lock and changes nothing; a file that is not JSON is moved aside
 * (never deleted) by the next write (a history that read one makes one soon), and `onSetAside`
 * hears where it went.
 */
export function durationHistoryFile(
  directory: string,
  clock: Pick<Clock, 'now'>,
  onSetAside: SetAsideListener,
): DurationHistoryFile {
  const filePath = path.join(directory, DURATION_FILE_NAME);
  return {
    path: filePath,
    read: () => readStoreFile(filePath),
    update: (change) => updateSharedFile(filePath, change, clock, onSetAside),
  };
}
