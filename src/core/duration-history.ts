// How long each account's purges took: the last HISTORY_LIMIT completions per account, kept in
// their own small file beside the purges (durations.json), so they outlive the purges themselves
// (which are pruned) and restarts. Every call names its account. Writes are coalesced (a burst
// of completions is one write: ./coalescing-writer) and atomic (a temporary file renamed over
// the old one).
import path from 'node:path';
import type { DurationSummary } from '../shared/duration-estimate';
import { summarizeDurations } from '../shared/duration-estimate';
import { removeAbandonedWrites, writeFileAtomically } from './atomic-file';
import type { Clock } from './clock';
import { CoalescingWriter } from './coalescing-writer';
import { moveAside, readStoreFile } from './store-file';

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
}

/** Where the history is kept: read once at start, written whole. */
export interface DurationHistoryFile {
  /** What the file holds (anything: it is checked), or undefined when there is none. */
  read(): unknown;
  write(value: DurationHistoryData): void;
}

export interface DurationHistoryData {
  accounts: Record<string, CompletedDuration[]>;
}

export interface DurationHistoryOptions {
  clock: Clock;
  file?: DurationHistoryFile;
  limit?: number;
  /** Longest a new completion waits before it is written. */
  coalesceMs?: number;
}

export class DurationHistory {
  private readonly file: DurationHistoryFile | undefined;
  private readonly limit: number;
  private readonly writer: CoalescingWriter;
  /** Every account's completions as read, and as kept since. */
  private readonly accounts: Record<string, CompletedDuration[]>;
  private readonly summaries = new Map<string, DurationSummary | undefined>();
  private readonly listeners = new Set<() => void>();

  constructor(options: DurationHistoryOptions) {
    this.file = options.file;
    this.limit = options.limit ?? HISTORY_LIMIT;
    this.writer = new CoalescingWriter({
      clock: options.clock,
      coalesceMs: options.coalesceMs ?? 5_000,
    });
    this.accounts = readAccounts(this.file);
    for (const [name, list] of Object.entries(this.accounts)) {
      this.accounts[name] = list.slice(-this.limit);
    }
  }

  /** Why the history could not be written last time, if it could not (kept in memory). */
  get problem(): string | undefined {
    return this.writer.problem;
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
    this.accounts[to] = [...this.completionsOf(to), ...this.accounts[from]!].slice(-this.limit);
    delete this.accounts[from];
    this.summaries.clear();
    this.writeSoon();
  }

  /** Called after every recorded completion. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  record(completion: CompletedDuration, account: string): void {
    const list = Object.hasOwn(this.accounts, account)
      ? this.accounts[account]!
      : (this.accounts[account] = []);
    list.push(completion);
    if (list.length > this.limit) list.splice(0, list.length - this.limit);
    this.summaries.delete(account);
    this.writeSoon();
    for (const listener of this.listeners) listener();
  }

  /** Write what is waiting now (quit), and arm nothing. */
  close(): void {
    this.writer.close();
  }

  private writeSoon(): void {
    const { file } = this;
    if (file) this.writer.writeSoon(() => file.write({ accounts: this.accounts }));
  }
}

/** The accounts a file holds: records that do not hold together are skipped, one by one. */
function readAccounts(file: DurationHistoryFile | undefined): Record<string, CompletedDuration[]> {
  let raw: unknown;
  try {
    raw = file?.read();
  } catch {
    return {};
  }
  const accounts = (raw as { accounts?: unknown } | undefined)?.accounts;
  if (!accounts || typeof accounts !== 'object' || Array.isArray(accounts)) return {};
  const result: Record<string, CompletedDuration[]> = {};
  for (const [name, list] of Object.entries(accounts)) {
    if (Array.isArray(list)) result[name] = list.filter(isCompletedDuration).map(pick);
  }
  return result;
}

function isCompletedDuration(value: unknown): value is CompletedDuration {
  if (!value || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  return (
    Number.isFinite(record.submittedAt) &&
    Number.isFinite(record.durationMs) &&
    (record.durationMs as number) >= 0 &&
    typeof record.submittedHere === 'boolean' &&
    (record.atFirstCheck === undefined || typeof record.atFirstCheck === 'boolean')
  );
}

function pick(c: CompletedDuration): CompletedDuration {
  const result: CompletedDuration = {
    submittedAt: c.submittedAt,
    durationMs: c.durationMs,
    submittedHere: c.submittedHere,
  };
  if (c.atFirstCheck) result.atFirstCheck = true;
  return result;
}

/**
 * The history's file in `directory` (the app's profile). A file that is not JSON is moved
 * aside (never deleted) on the first write, not read; one that cannot be read is left alone.
 */
export function durationHistoryFile(
  directory: string,
  clock: Pick<Clock, 'now'>,
): DurationHistoryFile {
  const filePath = path.join(directory, DURATION_FILE_NAME);
  let unparseable = false;
  return {
    read() {
      removeAbandonedWrites(filePath);
      try {
        return readStoreFile(filePath);
      } catch (error) {
        unparseable = error instanceof SyntaxError;
        return undefined;
      }
    },
    write(value) {
      if (unparseable) {
        moveAside(filePath, clock);
        unparseable = false;
      }
      // As the purges file: a power cut or a kill leaves the old history or the new one, whole.
      writeFileAtomically(filePath, JSON.stringify(value), 0o600);
    },
  };
}
