// How many purges each account has submitted this calendar month (UTC), as counted on this
// machine by the app and purge-watch commands together, kept beside the duration history
// (purge-ledger.json) and updated under the same lock (./shared-file). ImageKit allows an
// account 1,000 purges a month, dashboard and API together: the ledger cannot see the dashboard
// or other machines, so what it says is a floor, never a promise of what is left. A ledger that
// is not JSON is moved aside at the first read or count that finds it so, and its owner is told
// where it went: the month's count starts again from nothing. A count that cannot be written
// (a full disk, a folder that cannot be written, another process's lock) is kept and written a
// few seconds later as the other stores' writes are (./coalescing-writer), and `problem` says why
// meanwhile.
import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from '../clock';
import { TypedEvents } from '../typed-events';
import { CoalescingWriter } from './coalescing-writer';
import { readSharedFile, updateSharedFile } from './shared-file';
import type { SetAsideListener } from './store-file';
import { readStoreFile, reasonOf } from './store-file';

export const LEDGER_FILE_NAME = 'purge-ledger.json';
/** ImageKit's monthly purge quota per account. */
export const MONTHLY_PURGE_QUOTA = 1_000;
/** From this share of the quota on, every purge says how many are left. */
const QUOTA_WARNING_SHARE = 0.8;
/** Months kept in the file (the current one and the year before it). */
const MONTHS_KEPT = 13;

/** An account's purges this month, as counted here. */
export interface QuotaUse {
  account: string;
  /** The calendar month (UTC), e.g. "2026-12". */
  month: string;
  used: number;
  limit: number;
  /** What is left of the quota by this count (0 at the least). */
  left: number;
}

interface LedgerData {
  months: Record<string, Record<string, number>>;
}

export class PurgeLedger {
  /** Where the ledger is kept (said when it cannot be written). */
  readonly filePath: string;
  /** Counts a write could not save (another process's lock, a full disk): added to the next. */
  private unwritten: Record<string, Record<string, number>> = {};
  private readonly writer: CoalescingWriter;
  private readonly events = new TypedEvents<{ problem: undefined }>();

  /** The ledger in `directory` (the app's profile); `onSetAside` hears where a damaged one went. */
  constructor(
    directory: string,
    private readonly clock: Clock,
    private readonly onSetAside: SetAsideListener,
  ) {
    this.filePath = path.join(directory, LEDGER_FILE_NAME);
    this.writer = new CoalescingWriter({
      clock,
      // Each count is written at once; a failed write is retried after the writer's least wait.
      coalesceMs: 0,
      describe: (reason) =>
        `This month's purge counts could not be saved to ${this.filePath} (${reason}).`,
      onProblem: () => this.events.emit('problem', undefined),
    });
  }

  /** Why the counts could not be written last time (they are kept, and tried again). */
  get problem(): string | undefined {
    return this.writer.problem;
  }

  /** Called when `problem` changes: a write failed, or works again. */
  onProblem(listener: () => void): () => void {
    return this.events.on('problem', listener);
  }

  /**
   * This month's count for the account. A file that is not JSON is moved aside (under the lock,
   * which only then is taken) and counts nothing. Throws when the file cannot be read.
   */
  use(account: string): QuotaUse {
    let raw: unknown;
    try {
      raw = readStoreFile(this.filePath);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      raw = readSharedFile(this.filePath, this.clock, this.onSetAside);
    }
    return this.quotaUse(ledgerData(raw), account);
  }

  /**
   * Counts `count` more purges for the account this month, and returns the month's count with
   * them; undefined when they could not be written: they are kept, written with the next count,
   * by the retry a few seconds later or at `close`, and `problem` says why meanwhile.
   */
  record(account: string, count: number): QuotaUse | undefined {
    const counts = (this.unwritten[monthOf(this.clock.now())] ??= {});
    counts[account] = (counts[account] ?? 0) + count;
    let written: LedgerData | undefined;
    this.writer.writeNow(() => {
      written = this.writeUnwritten();
    });
    return written && this.quotaUse(written, account);
  }

  /**
   * Why no count can be written to the ledger's folder now, as far as the system says without
   * writing (a folder the user may not write, a read-only disk; not a full one), in a word
   * (EACCES, EROFS); undefined when it can be. A folder not made yet (the app never ran here) is
   * made by the first count: the nearest one that exists is asked.
   */
  writeRefusal(): string | undefined {
    for (let folder = path.dirname(this.filePath); ; folder = path.dirname(folder)) {
      try {
        fs.accessSync(folder, fs.constants.W_OK);
        return undefined;
      } catch (error) {
        const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
        if (!missing || path.dirname(folder) === folder) return reasonOf(error);
      }
    }
  }

  /** Writes now the counts a failed write kept, once, and arms no retry (quit, a command's end). */
  close(): void {
    this.writer.close();
  }

  private writeUnwritten(): LedgerData {
    const unwritten = this.unwritten;
    const data = updateSharedFile(
      this.filePath,
      (current) => {
        const next = ledgerData(current);
        for (const [month, counts] of Object.entries(unwritten)) {
          const known = (next.months[month] ??= {});
          for (const [account, count] of Object.entries(counts)) {
            known[account] = (Object.hasOwn(known, account) ? known[account]! : 0) + count;
          }
        }
        const kept = Object.keys(next.months).sort().slice(-MONTHS_KEPT);
        return { months: Object.fromEntries(kept.map((key) => [key, next.months[key]!])) };
      },
      this.clock,
      this.onSetAside,
    );
    this.unwritten = {};
    return data;
  }

  private quotaUse(data: LedgerData, account: string): QuotaUse {
    const month = monthOf(this.clock.now());
    const counts = data.months[month];
    const used = counts && Object.hasOwn(counts, account) ? counts[account]! : 0;
    const limit = MONTHLY_PURGE_QUOTA;
    return { account, month, used, limit, left: Math.max(0, limit - used) };
  }
}

/**
 * Past QUOTA_WARNING_SHARE of the quota: how many purges are left this month, in words (the
 * same on every surface); undefined below it.
 */
export function quotaWarning(use: QuotaUse): string | undefined {
  if (use.used < use.limit * QUOTA_WARNING_SHARE) return undefined;
  return `${use.account} has submitted ${use.used} of its ${use.limit.toLocaleString('en-US')} purges this month (counted on this machine): ${use.left} left.`;
}

/** The calendar month (UTC) of a time: "2026-12". */
export function monthOf(time: number): string {
  return new Date(time).toISOString().slice(0, 7);
}

/** What a file holds, as ledger data: anything that is not a count is dropped. */
function ledgerData(raw: unknown): LedgerData {
  const months: LedgerData['months'] = {};
  const found = (raw as { months?: unknown } | undefined)?.months;
  if (!found || typeof found !== 'object' || Array.isArray(found)) return { months };
  for (const [month, counts] of Object.entries(found)) {
    if (!/^\d{4}-\d{2}$/.test(month) || !counts || typeof counts !== 'object') continue;
    const kept: Record<string, number> = {};
    for (const [account, count] of Object.entries(counts as Record<string, unknown>)) {
      if (Number.isInteger(count) && (count as number) >= 0) kept[account] = count as number;
    }
    months[month] = kept;
  }
  return { months };
}
