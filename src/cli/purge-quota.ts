// `purge`'s guard on the account's monthly purge quota (1,000, dashboard and API together): more
// than --max-purges URLs in one command need a yes at a terminal (anywhere else: exit 2, nothing
// sent), and every purge that may have spent one is counted in the ledger the app keeps too
// (core/storage/purge-ledger.ts), which says how many are left once 80 % are used.
import type { QuotaUse } from '../core/storage/purge-ledger';
import { MONTHLY_PURGE_QUOTA, PurgeLedger, quotaWarning } from '../core/storage/purge-ledger';
import { reasonOf } from '../core/storage/store-file';
import type { CliContext } from './cli-context';
import { profileDirectory } from './duration-figures';
import { CliError, ExitCode } from './exit-codes';
import type { Output } from './output';
import { saySetAside } from './set-aside';

/** The ledger in the app's profile (none without one); a damaged one moved aside is said. */
export function purgeLedger(context: CliContext, output: Output): PurgeLedger | undefined {
  const directory = profileDirectory(context);
  if (directory === undefined) return undefined;
  return new PurgeLedger(
    directory,
    context.clock,
    saySetAside(output, 'the purge ledger', "this month's count of purges starts again from 0"),
  );
}

/**
 * Before anything is sent: more than `maxPurges` URLs go only with a yes typed at a terminal;
 * without one (a script, CI) it is a usage error and nothing is sent.
 */
export async function confirmMany(
  context: CliContext,
  urls: number,
  maxPurges: number,
  use: QuotaUse | undefined,
): Promise<void> {
  if (urls <= maxPurges) return;
  const spent = use
    ? ` (${use.account}: ${use.used} of ${use.limit} used this month, counted here)`
    : '';
  const quota = MONTHLY_PURGE_QUOTA.toLocaleString('en-US');
  const question = `Submit ${urls} purges, each one of the account's ${quota} a month${spent}? [y/N] `;
  if (context.stdin.isTTY && (await askYesNo(context, question))) return;
  throw new CliError(
    `${urls} URLs are more than --max-purges ${maxPurges}: nothing was sent. Each is one of the account's monthly purges; pass --max-purges ${urls} to submit them all.`,
    ExitCode.usage,
  );
}

/** This month's count for the account; a ledger that cannot be read is said, not fatal. */
export function readUse(
  ledger: PurgeLedger | undefined,
  account: string,
  output: Output,
): QuotaUse | undefined {
  if (!ledger) return undefined;
  try {
    return ledger.use(account);
  } catch (error) {
    output.error(
      `This month's purge counts could not be read from ${ledger.filePath} (${reasonOf(error)}).`,
    );
    return undefined;
  }
}

/**
 * Counts purges that may have spent the quota; says it once when the ledger cannot be written.
 * Meanwhile the counts wait here (a purge does not wait on the ledger's lock again): they are
 * written with the first purge counted after the ledger's own retry has worked, or when the
 * command is done, if they can be then.
 */
export class QuotaCount {
  private said = false;
  private last: QuotaUse | undefined;
  /** Purges counted while the ledger could not be written. */
  private waiting = 0;

  constructor(
    private readonly ledger: PurgeLedger | undefined,
    private readonly account: string,
    private readonly output: Output,
  ) {}

  /** One more purge that may have spent one of the month's. */
  add(): void {
    this.waiting += 1;
    if (this.ledger?.problem === undefined) this.record();
  }

  /**
   * The command is done: what could not be written is tried once more, and past 80 % of the
   * quota how many are left is said, on stderr.
   */
  done(): void {
    this.record();
    this.ledger?.close();
    const warning = this.last && quotaWarning(this.last);
    if (warning) this.output.error(warning);
  }

  private record(): void {
    if (!this.ledger || this.waiting === 0) return;
    const use = this.ledger.record(this.account, this.waiting);
    this.waiting = 0;
    if (use) this.last = use;
    const { problem } = this.ledger;
    if (problem === undefined || this.said) return;
    this.said = true;
    this.output.error(problem);
  }
}

/** One line typed at the terminal: yes when it starts with y. */
function askYesNo(context: CliContext, question: string): Promise<boolean> {
  const { stdin } = context;
  context.stderr.write(question);
  return new Promise((resolve) => {
    let typed = '';
    const onData = (chunk: Buffer | string) => {
      typed += chunk.toString();
      if (!typed.includes('\n')) return;
      stdin.removeListener?.('data', onData);
      stdin.pause?.();
      resolve(/^\s*y/i.test(typed));
    };
    stdin.on?.('data', onData);
    stdin.resume?.();
  });
}
