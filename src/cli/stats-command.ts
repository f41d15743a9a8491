// `purge-watch stats [--account NAME]`: how long an account's recent purges took (default: the
// default account's), from the duration history the app and the CLI keep: count, median, p90,
// p95 and a text histogram on a log-scaled time axis; and the purges submitted this month, from
// the purge ledger.
import { HISTORY_LIMIT } from '../core/storage/duration-history';
import type { DurationBin } from '../shared/duration-estimate';
import { MIN_ESTIMATE_SAMPLES } from '../shared/duration-estimate';
import { DEFAULT_ACCOUNT } from '../shared/account';
import { formatDuration } from '../shared/format';
import { listAccounts, namedAccount, unknownAccount } from './account-choice';
import type { CliContext } from './cli-context';
import { profileDirectory, durationHistory } from './duration-figures';
import { ExitCode } from './exit-codes';
import { purgeLedger, readUse } from './purge-quota';
import type { Output } from './output';

/** The longest bar of the histogram, in characters. */
const BAR_WIDTH = 30;

export async function statsCommand(
  context: CliContext,
  option: string | undefined,
  output: Output,
): Promise<ExitCode> {
  const history = durationHistory(context, output);
  if (history.problem) output.error(history.problem);
  // The keychain only says which account is the default: the history is read without it.
  const { accounts } = await listAccounts(context);
  const names = accounts.map((known) => known.name);
  const named = namedAccount(context, option);
  if (named !== undefined && !names.includes(named) && history.completionsOf(named).length === 0) {
    throw unknownAccount(named, names, option === undefined);
  }
  const account = named ?? names[0] ?? DEFAULT_ACCOUNT;
  const of = named !== undefined || names.length > 1 ? ` of ${account}` : '';
  const count = history.completionsOf(account).length;
  const summary = history.summary(account);
  // The month's purges, as the ledger the app and the CLI keep counts them.
  const ledger = purgeLedger(context, output);
  const use = readUse(ledger, account, output);
  // Read, but not writable: the purges made meanwhile could not be counted (a read that failed
  // is said by readUse, for the same reason).
  const refused = use && ledger ? ledger.writeRefusal() : undefined;
  if (refused) {
    output.error(
      `This month's purge counts cannot be saved to ${ledger!.filePath} (${refused}): the purges made while they cannot are not in this count.`,
    );
  }
  const month = use && {
    line: `${use.used} of ${use.limit.toLocaleString('en-US')} purges${of} submitted this month (${use.month} UTC, counted on this machine)`,
    data: { purgesThisMonth: { month: use.month, submitted: use.used, quota: use.limit } },
  };
  if (!summary) {
    const where = profileDirectory(context) ?? 'no profile directory (set PURGE_WATCH_USER_DATA)';
    const data = { account, count, ...month?.data };
    output.result(
      `${count} completed purge${count === 1 ? '' : 's'}${of} in the history (${where}): ${MIN_ESTIMATE_SAMPLES} are needed for figures.`,
      data,
    );
    if (month && !output.json) output.result(month.line, data);
    return ExitCode.ok;
  }
  const bins = trimmed(summary.bins);
  const lines = [
    `${count} completed purges${of}${count >= HISTORY_LIMIT ? ` (the most recent ${HISTORY_LIMIT}, all the history keeps)` : ''}`,
    `median  ${formatDuration(summary.medianMs)}`,
    `p90     ${formatDuration(summary.p90Ms)}`,
    `p95     ${formatDuration(summary.p95Ms)}`,
    '',
    ...histogramLines(bins),
    ...(month ? ['', month.line] : []),
  ];
  const data = {
    account,
    count,
    medianMs: Math.round(summary.medianMs),
    p90Ms: Math.round(summary.p90Ms),
    p95Ms: Math.round(summary.p95Ms),
    histogram: bins,
    ...month?.data,
  };
  // One JSON object with --json; else one result per line (a result is one line).
  if (output.json) output.result('', data);
  else for (const line of lines) output.result(line, data);
  return ExitCode.ok;
}

/** The bins from the first with a purge to the last with one. */
function trimmed(bins: readonly DurationBin[]): DurationBin[] {
  const first = bins.findIndex((bin) => bin.count > 0);
  const last = bins.findLastIndex((bin) => bin.count > 0);
  return bins.slice(first, last + 1);
}

/** One line per bin: its range, a bar scaled to the fullest bin, the count. */
function histogramLines(bins: readonly DurationBin[]): string[] {
  const labels = bins.map(binLabel);
  const width = Math.max(...labels.map((label) => label.length));
  const most = Math.max(...bins.map((bin) => bin.count));
  return bins.map((bin, i) => {
    const bar = '█'.repeat(Math.round((bin.count / most) * BAR_WIDTH));
    const partial = bin.count > 0 && bar === '' ? '▏' : bar;
    return `${labels[i]!.padStart(width)}  ${partial.padEnd(BAR_WIDTH)}  ${bin.count}`;
  });
}

/** "<5s", "1m–2m", "2h+". */
function binLabel(bin: DurationBin): string {
  if (bin.toMs === undefined) return `${formatDuration(bin.fromMs)}+`;
  if (bin.fromMs === 0) return `<${formatDuration(bin.toMs)}`;
  return `${formatDuration(bin.fromMs)}–${formatDuration(bin.toMs)}`;
}
